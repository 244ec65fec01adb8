/**
 * Failures of a wait for the app's next request that ran out (CallSession.waitForApp): the app did
 * not act, or only in part. A driver adds what it knows of why (EnableX: the call still rings until
 * the app accepts it) to these, told by data, not by the message's words, which change.
 */
const timedOut = new WeakSet<object>()

export function markWaitTimeout<E extends object>(error: E): E {
  timedOut.add(error)
  return error
}

export const isWaitTimeout = (error: unknown): boolean => typeof error === 'object' && error !== null && timedOut.has(error)
