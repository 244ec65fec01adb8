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

/**
 * True when the app's address refused the connection (nothing listened as the request went out),
 * where an app that took the request and then died did reach it: `callspec run` skips a call that
 * never reached a `--start` app which had exited, and fails one the app died during.
 */
export function refusedOf(error: unknown): boolean {
  return (error as { refused?: unknown } | null | undefined)?.refused === true
}

/** Marks `error` as an app that could not be reached at `address` (`refused`: see refusedOf). */
export function markUnreachable<E extends Error>(error: E, address: string, refused = false): E {
  return Object.assign(error, { unreachable: address }, refused ? { refused: true } : {})
}

/** `to`, wrapping `from`, says the app could not be reached when `from` did. */
export function carryUnreachable<E extends Error>(to: E, from: unknown): E {
  const address = unreachableOf(from)
  return address === undefined ? to : markUnreachable(to, address, refusedOf(from))
}
