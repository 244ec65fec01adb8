/** A simulated call waiting for the app's make-call request, and how to hand it the request. */
export interface Waiter<Call, Claim> {
  readonly call: Call
  /** The number the test says the app dials (`toNumber()`), if it said. */
  readonly dialled?: string
  resolve(claim: Claim): void
  reject(error: Error): void
}

/**
 * Calls waiting for the app to place them (outbound flows), shared by a fake vendor API. A
 * make-call request goes to the call expecting that number, else to one expecting any number,
 * else to the oldest: concurrent flows each get their own call.
 */
export class WaitingCalls<Call, Claim> {
  readonly #waiting: Array<Waiter<Call, Claim>> = []

  /** Registers a call; `claimed` settles when a request is handed to it. Cancel when done waiting. */
  expect(call: Call, dialled?: string): { claimed: Promise<Claim>; cancel(): void } {
    let waiter!: Waiter<Call, Claim>
    const claimed = new Promise<Claim>((resolve, reject) => {
      waiter = { call, dialled, resolve, reject }
    })
    this.#waiting.push(waiter)
    return { claimed, cancel: () => this.drop(waiter) }
  }

  /** The oldest waiting call (whose options decide how a request is checked). */
  oldest(): Waiter<Call, Claim> | undefined {
    return this.#waiting[0]
  }

  /** The call a request dialling `number` belongs to, left waiting; `same` compares numbers (formats differ by vendor). */
  find(number: string | undefined, same: (a: string, b: string) => boolean = (a, b) => a === b): Waiter<Call, Claim> | undefined {
    return (
      (number === undefined ? undefined : this.#waiting.find((w) => w.dialled !== undefined && same(w.dialled, number))) ??
      this.#waiting.find((w) => w.dialled === undefined) ??
      this.#waiting[0]
    )
  }

  /** Like find(), and no longer waiting. */
  take(number: string | undefined, same?: (a: string, b: string) => boolean): Waiter<Call, Claim> | undefined {
    const chosen = this.find(number, same)
    if (chosen) this.drop(chosen)
    return chosen
  }

  drop(waiter: Waiter<Call, Claim>): void {
    const i = this.#waiting.indexOf(waiter)
    if (i >= 0) this.#waiting.splice(i, 1)
  }
}
