/**
 * The payload without `keys` of the object at each `path` (the unknown keys zod reported, each
 * issue naming its object's path; an optional field holding null). Only the
 * objects along each issue's path are copied, one level at a time, and never recursively: the rest
 * is shared with the payload, so an unknown key holding a value nested 100,000 deep costs nothing
 * (a deep clone would overflow the stack on it).
 */
export function withoutKeys(payload: unknown, removals: readonly { path: readonly PropertyKey[]; keys: readonly PropertyKey[] }[]): unknown {
  if (typeof payload !== 'object' || payload === null) return payload
  const copies = new WeakSet<object>()
  const copyOf = (value: object): object => {
    if (copies.has(value)) return value
    // Spread defines own properties (a "__proto__" key stays a key); arrays stay arrays.
    const copy = Array.isArray(value) ? value.slice() : { ...value }
    copies.add(copy)
    return copy
  }
  /** The copy at `path` under `root`, copying each object on the way (undefined when the path is gone). */
  const copyAlong = (root: object, path: readonly PropertyKey[]): object | undefined => {
    let at = root
    for (const key of path) {
      const child: unknown = (at as Record<PropertyKey, unknown>)[key]
      if (typeof child !== 'object' || child === null) return undefined
      const copy = copyOf(child)
      // Defined, not assigned: a "__proto__" key is set as a key, never as the prototype.
      if (copy !== child) Object.defineProperty(at, key, { value: copy, writable: true, enumerable: true, configurable: true })
      at = copy
    }
    return at
  }
  const root = copyOf(payload)
  for (const { path, keys } of removals) {
    const at = copyAlong(root, path)
    if (at) for (const key of keys) delete (at as Record<PropertyKey, unknown>)[key]
  }
  return root
}

