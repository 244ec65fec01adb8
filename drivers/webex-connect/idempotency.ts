import { BEHAVIOUR } from './behaviour.js'

/**
 * The Idempotency-Keys one call's make-call requests used, each with the virtual instant it was
 * accepted. The docs reject a key "seen in the previous 1 hour" (Webex Connect's Voice API v1
 * reference); callspec keeps them per call, on the call's clock, so a key one call (or one test)
 * used never refuses another call, and a failure replays with its seed alone (audit h130 F1: one
 * set for the whole process refused the next test's call, blaming a reuse that call never made).
 */
export class IdempotencyKeys {
  readonly #seen = new Map<string, number>()

  constructor(private readonly now: () => number) {}

  /** How long ago (virtual ms) `key` was accepted, while the platform still remembers it. */
  age(key: string): number | undefined {
    const at = this.#seen.get(key)
    if (at === undefined) return undefined
    const age = this.now() - at
    return age < BEHAVIOUR.idempotencyWindowMs ? age : undefined
  }

  remember(key: string): void {
    this.#seen.set(key, this.now())
  }
}
