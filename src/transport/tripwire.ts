/**
 * What ends an exchange early (exchange.ts): the test's stop (an AbortSignal), or a Tripwire.
 * Only these members are read.
 */
export interface StopSource {
  readonly aborted: boolean
  readonly reason: unknown
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/**
 * A one-shot stop for a call's exchanges, tripped when the app crashes or the test stops the call.
 * Not an AbortController: one per webhook cost ~6 µs to create, and its listeners ~3 µs each to
 * add and remove (CPU profile of in-process calls, .tmp/h/prof3.mts): a tenth of a webhook's time
 * spent on a crash that almost never comes. One per call, its listeners a plain array.
 */
export class Tripwire implements StopSource {
  aborted = false
  reason: unknown = undefined
  #listeners: Array<() => void> = []

  /** Trips it, once: every exchange listening ends with `reason`, and any sent later at once. */
  trip(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    const listeners = this.#listeners
    this.#listeners = []
    for (const listener of listeners) listener()
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    this.#listeners.push(listener)
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.#listeners.lastIndexOf(listener)
    if (at !== -1) this.#listeners.splice(at, 1)
  }
}
