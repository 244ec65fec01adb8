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

/**
 * True when the app's host name did not resolve (ENOTFOUND, or EAI_AGAIN: no DNS answer), so no
 * request ever went out: like a refused connection, the call never got to an app, but no app's
 * exit explains it (a mistyped host), so `callspec run` counts it only for "no call reached the app".
 */
export function hostNotFoundOf(error: unknown): boolean {
  return (error as { hostNotFound?: unknown } | null | undefined)?.hostNotFound === true
}

/** How nothing was there as the request went out: the address refused it, or the host name did not resolve. */
export type NotThere = 'refused' | 'host-not-found'

/** Marks `error` as an app that could not be reached at `address` (`notThere`: see refusedOf, hostNotFoundOf). */
export function markUnreachable<E extends Error>(error: E, address: string, notThere?: NotThere): E {
  return Object.assign(error, { unreachable: address }, notThere === 'refused' ? { refused: true } : notThere === 'host-not-found' ? { hostNotFound: true } : {})
}

/** `to`, wrapping `from`, says the app could not be reached when `from` did. */
export function carryUnreachable<E extends Error>(to: E, from: unknown): E {
  const address = unreachableOf(from)
  if (address === undefined) return to
  return markUnreachable(to, address, refusedOf(from) ? 'refused' : hostNotFoundOf(from) ? 'host-not-found' : undefined)
}
