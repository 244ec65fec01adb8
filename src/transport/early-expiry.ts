/**
 * Ends a call's webhook waits before their deadline, as the deadline would (exchange.ts words it
 * with the real time waited and `why`), when callspec sees that nothing of the app's can still
 * bring an answer: an app in this process with nothing pending but, at most, timers no webhook's
 * wait fires (CallSession's #answeredFiringTimersIn). Waiting out limits.responseTimeoutMs then
 * only made the test slow: measured, a handler branch that never answered failed after 6.5 s.
 * One per call; each exchange in flight listens until it ends.
 */
export class EarlyExpiry {
  #listeners = new Set<(why: string) => void>()

  add(listener: (why: string) => void): void {
    this.#listeners.add(listener)
  }

  delete(listener: (why: string) => void): void {
    this.#listeners.delete(listener)
  }

  /** Ends every wait listening now, saying `why` callspec stopped early. */
  expire(why: string): void {
    for (const listener of [...this.#listeners]) listener(why)
  }
}
