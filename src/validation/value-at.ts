/**
 * The value a payload holds at a zod path (undefined when the path does not exist). A module of its
 * own, importing nothing: did-you-mean.ts reads it and is reached from `import('callspec')` through
 * the matchers' hints, which must not load zod (format-issues.ts imports zod's core).
 */
export function valueAt(payload: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = payload
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}
