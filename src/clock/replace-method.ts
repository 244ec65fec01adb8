export type AnyFunction = (this: unknown, ...args: unknown[]) => unknown

/**
 * Replaces `owner[name]` with what `wrap` makes of it, looking like Node's own to code that reads
 * it: its name, length and symbol properties kept. Nothing happens when it is not a function. The
 * watchers of the app's work that Node lists nowhere (unlisted-jobs.ts, posted-messages.ts) count
 * through it.
 */
export function replaceMethod(owner: Record<string, unknown>, name: string, wrap: (original: AnyFunction) => AnyFunction): void {
  const original = owner[name]
  if (typeof original !== 'function') return
  const replacement = wrap(original as AnyFunction)
  // util.promisify's own hints (generateKeyPair resolves to { publicKey, privateKey }), kept.
  for (const key of Object.getOwnPropertySymbols(original)) (replacement as unknown as Record<symbol, unknown>)[key] = (original as unknown as Record<symbol, unknown>)[key]
  // As Node's own to code that reads them (bluebird's promisify reads length).
  Object.defineProperty(replacement, 'name', { value: original.name })
  Object.defineProperty(replacement, 'length', { value: original.length })
  owner[name] = replacement
}
