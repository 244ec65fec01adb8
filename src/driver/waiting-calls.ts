import { CallspecError } from '../errors/callspec-error.js'
import { currentTrigger, type TriggerRecord } from './trigger-record.js'

/** A simulated call waiting for the app's make-call request, and how to hand it the request. */
export interface Waiter<Call, Claim> {
  readonly call: Call
  /** The number the test says the app dials (`toNumber()`), if it said. */
  readonly dialled?: string
  /** What the call's startedBy() trigger did (which request is its call's when calls wait at once). */
  readonly trigger?: TriggerRecord
  resolve(claim: Claim): void
  reject(error: Error): void
}

/** Compares numbers (formats differ by vendor). */
type SameNumber = (a: string, b: string) => boolean

/**
 * Calls waiting for the app to place them (outbound flows), shared by a fake vendor API. A
 * make-call request goes to the call that can be told to be its own (chooseFor); when two or more
 * calls could own it and nothing tells them apart, they fail saying so, rather than one taking
 * another's request (audit G6: both calls of a Promise.all failed on each other's prompt).
 */
export class WaitingCalls<Call, Claim> {
  readonly #waiting: Array<Waiter<Call, Claim>> = []

  /** `what`: the request the calls wait for, as a failure names it ("make-call request (POST /v1/voice/calls)"). */
  constructor(private readonly what: string) {}

  /** Registers a call; `claimed` settles when a request is handed to it. Cancel when done waiting. */
  expect(call: Call, dialled?: string, trigger?: TriggerRecord): { claimed: Promise<Claim>; cancel(): void } {
    let waiter!: Waiter<Call, Claim>
    const claimed = new Promise<Claim>((resolve, reject) => {
      waiter = { call, dialled, trigger, resolve, reject }
    })
    this.#waiting.push(waiter)
    return { claimed, cancel: () => this.drop(waiter) }
  }

  /**
   * The call a request now arriving most likely belongs to, whose options decide how it is checked:
   * the one find() would hand it (`number`: the number it dials, when it can be read), else the one
   * whose trigger the request came from, else the oldest. Which call fails if it is refused is
   * owners()'s to say, not this.
   */
  likeliest(number?: string, same: SameNumber = (a, b) => a === b): Waiter<Call, Claim> | undefined {
    const chosen = this.#choose(number, same)
    return (Array.isArray(chosen) ? chosen[0] : chosen) ?? this.#waiting[0]
  }

  /**
   * The calls a request dialling `number` (undefined: not readable, as in a body that is no JSON)
   * can be for, by find()'s rule, left waiting: the one it can be told to be, or every call it could
   * be when none is told apart (`untold` then says why, for their failures), or none. A refused
   * request fails them all (refuseWaiting), as an accepted one does (find()). Measured before
   * (helper-161): a refused request failed the oldest waiting call, whichever call's trigger
   * had sent it, and the call it was for then took the other call's request.
   */
  owners(number: string | undefined, same: SameNumber = (a, b) => a === b): { waiters: Array<Waiter<Call, Claim>>; untold?: string } {
    const chosen = this.#choose(number, same)
    if (chosen === undefined) return { waiters: [] }
    if (!Array.isArray(chosen)) return { waiters: [chosen] }
    return { waiters: chosen, untold: this.#untoldText(chosen.length, number, true) }
  }

  /**
   * The call a request dialling `number` belongs to, left waiting. When it cannot be told among
   * several calls, they are failed (and no longer wait) and undefined is returned.
   */
  find(number: string | undefined, same: SameNumber = (a, b) => a === b): Waiter<Call, Claim> | undefined {
    const chosen = this.#choose(number, same)
    if (!Array.isArray(chosen)) return chosen
    const error = this.#untold(chosen.length, number)
    for (const waiter of chosen) {
      this.drop(waiter)
      waiter.reject(error)
    }
    return undefined
  }

  /** Like find(), and no longer waiting. */
  take(number: string | undefined, same?: SameNumber): Waiter<Call, Claim> | undefined {
    const chosen = this.find(number, same)
    if (chosen) this.drop(chosen)
    return chosen
  }

  drop(waiter: Waiter<Call, Claim>): void {
    const i = this.#waiting.indexOf(waiter)
    if (i >= 0) this.#waiting.splice(i, 1)
  }

  /**
   * In order: the call the test pinned to `number` (toNumber()); the call whose trigger's handling
   * the request is part of (an app in this process); the one call that could own it (whose trigger
   * has run, its number unpinned); among several, the one whose trigger's request named `number`.
   * An array: the calls it could be, none told apart.
   */
  #choose(number: string | undefined, same: SameNumber): Waiter<Call, Claim> | Array<Waiter<Call, Claim>> | undefined {
    const pinned = number === undefined ? undefined : this.#waiting.find((w) => w.dialled !== undefined && same(w.dialled, number))
    const own = pinned ?? this.#fromTrigger()
    if (own) return own
    const candidates = this.#couldOwn()
    if (candidates.length <= 1) return candidates[0]
    const named = number === undefined ? [] : candidates.filter((w) => w.trigger?.named(number))
    return named.length === 1 ? named[0] : candidates
  }

  /** The waiting call whose trigger's handling is running now. */
  #fromTrigger(): Waiter<Call, Claim> | undefined {
    const trigger = currentTrigger()
    return trigger && this.#waiting.find((w) => w.trigger === trigger)
  }

  /**
   * The calls a request no pin or async context claims could be for: those whose trigger has run
   * (a call queued for its turn on the app's clock has not asked the app yet), the unpinned ones.
   * With none, the oldest: pinned to another number, it fails saying the app dialled another.
   */
  #couldOwn(): Array<Waiter<Call, Claim>> {
    const unpinned = this.#waiting.filter((w) => w.dialled === undefined && w.trigger?.started !== false)
    return unpinned.length > 0 ? unpinned : this.#waiting.slice(0, 1)
  }

  /** Why `count` calls waiting at once all fail on a request none of them can be told to own. */
  #untold(count: number, number: string | undefined): CallspecError {
    return new CallspecError(this.#untoldText(count, number, false))
  }

  /** #untold's words; `refused`: the request was refused, and each call it could be fails with that refusal. */
  #untoldText(count: number, number: string | undefined, refused: boolean): string {
    const dialling = number === undefined ? '' : ` dialling ${number}`
    const example = number === undefined ? "'+14155550123'" : `'${number}'`
    return (
      `${count} calls waited for the app's ${this.what} when ${refused ? 'this refused one' : 'one'} came${dialling}, and callspec could not tell which call's startedBy() trigger caused it: ` +
      `it came with no trigger's async context (the app is reached over a socket, by URL or with transport: 'tcp', or placed the call outside the trigger's handling), ` +
      `and no trigger's request named the number it dials. ` +
      `Pin each call's number with .toNumber(), as .toNumber(${example}): each call then claims the request that dials its number. ` +
      (refused ? 'callspec does not guess: each call it could be fails with the refusal, not the oldest alone.' : "callspec does not guess: a call handed another's request would check the wrong call.")
    )
  }
}
