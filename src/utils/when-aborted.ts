/**
 * One promise per signal that rejects with its reason once it aborts (at once if it has): what a
 * wait races to end when its call is stopped (stop-at-test-end.ts). Shared by every wait on the
 * signal, so a call adds one listener, not one per wait; it never rejects unhandled.
 */
const promises = new WeakMap<AbortSignal, Promise<never>>()

export function whenAborted(signal: AbortSignal): Promise<never> {
  let promise = promises.get(signal)
  if (!promise) {
    promise = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason)
      else signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
    promise.catch(() => {})
    promises.set(signal, promise)
  }
  return promise
}
