/**
 * Failures a driver knows are about an answer in its own platform's shape, with a mistake it has
 * named (8x8's callflow under another key): the first-turn hint does not then ask whether
 * `platform` is right (first-turn-hint.ts), which sent the reader to another platform's docs.
 */
const ownShape = new WeakSet<object>()

export function markOwnShape<E extends object>(error: E): E {
  ownShape.add(error)
  return error
}

export const isOwnShape = (error: object): boolean => ownShape.has(error)
