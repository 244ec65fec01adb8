/**
 * "The app could not be reached" as data: the address (host:port) where nothing listened, set by
 * the HTTP transport once its probe found no listener. Reports decide on it (JUnit's <error>
 * rather than <failure>), not on the message's words, which may change; each error that wraps
 * another carries it on (carryUnreachable). Stored as a data field (callspec-error.ts), off the
 * error's own properties.
 */
export function unreachableOf(error: unknown): string | undefined {
  const address = (error as { unreachable?: unknown } | null | undefined)?.unreachable
  return typeof address === 'string' ? address : undefined
}

/** Marks `error` as an app that could not be reached at `address`. */
export function markUnreachable<E extends Error>(error: E, address: string): E {
  return Object.assign(error, { unreachable: address })
}

/** `to`, wrapping `from`, says the app could not be reached when `from` did. */
export function carryUnreachable<E extends Error>(to: E, from: unknown): E {
  const address = unreachableOf(from)
  return address === undefined ? to : markUnreachable(to, address)
}
