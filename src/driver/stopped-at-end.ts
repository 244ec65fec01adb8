/**
 * A request of the platform's own to the app (CallContext.fetchFromApp: an 8x8 playFile download)
 * still in flight when the call ended: callspec stops it then, since nothing the call is judged on
 * can depend on it any more. Its rejection is marked, so that a driver says it was stopped, not
 * that the app failed to answer.
 */
const stopped = new WeakSet<object>()

/** The error a request stopped at the call's end rejects with. */
export function stoppedAtCallEnd(target: string): Error {
  const error = new Error(`the call ended while ${target} was in flight: callspec stopped it`)
  stopped.add(error)
  return error
}

/** Whether `error` is a request's stop at the call's end (stoppedAtCallEnd). */
export function isStoppedAtCallEnd(error: unknown): boolean {
  return typeof error === 'object' && error !== null && stopped.has(error)
}
