import { AsyncLocalStorage } from 'node:async_hooks'
import type { WireResponse } from '../session/types.js'

/** The trigger whose handling a request of the app's is part of, if any (TriggerRecord.run). */
const scope = new AsyncLocalStorage<TriggerRecord>()

/**
 * What one call's startedBy() trigger did: what tells whose make-call request is whose when calls
 * wait at once (WaitingCalls). The trigger runs in an async context of its own, so a request an app
 * in this process makes while handling it carries its call along; an app in another process
 * carries nothing across, and then the numbers the trigger's requests named are what is left.
 */
export class TriggerRecord {
  #started = false
  readonly #sent: string[] = []

  /** The trigger has run: a request before it cannot be its call's. */
  get started(): boolean {
    return this.#started
  }

  /** Runs `trigger` in this record's async context. */
  run<T>(trigger: () => T): T {
    this.#started = true
    return scope.run(this, trigger)
  }

  /** A request the trigger sent the app: its path and body, as sent. */
  sent(path: string, body: string | undefined): void {
    this.#sent.push(`${path} ${body ?? ''}`)
  }

  /**
   * The first of the trigger's requests the app answered with an error status (4xx, 5xx), and the
   * answer: a call waiting for the make-call request says it (call-session.ts waitForApp), where
   * before a trigger route that threw was never mentioned (audit H5: "it never came", after all of
   * limits.appTimeoutMs).
   */
  get errorAnswer(): TriggerAnswer | undefined {
    return this.errorAnswers[0]
  }

  /** Every one of the trigger's requests the app answered with an error status, in order (a call that goes on notes them). */
  readonly errorAnswers: TriggerAnswer[] = []

  /** The trigger's requests to the app not answered yet (a make-call wait that runs out says so). */
  inFlight = 0

  /** The last of the trigger's requests the app answered, whatever its status (a make-call wait that ends early says it). */
  lastAnswer: TriggerAnswer | undefined

  /** The app's answer to a request the trigger sent (`request`: `POST /call-me`). */
  answered(request: string, response: WireResponse): void {
    this.lastAnswer = { request, response }
    if (response.status >= 400) this.errorAnswers.push({ request, response })
  }

  /** Some request of the trigger's named `number` (written with or without +, spaces or dashes). */
  named(number: string): boolean {
    const wanted = digitsOf(number)
    return wanted.length >= MIN_NUMBER_DIGITS && this.#sent.some((text) => numbersIn(text).some((found) => sameNumber(found, wanted)))
  }
}

/** One answer of the app's to a request of the trigger's: the request as `POST /call-me`, and the response. */
export interface TriggerAnswer {
  request: string
  response: WireResponse
}

/** The record of the trigger whose handling is running now (undefined outside every trigger). */
export function currentTrigger(): TriggerRecord | undefined {
  return scope.getStore()
}

/** Shorter digit runs are ids, counts or amounts, not phone numbers. */
const MIN_NUMBER_DIGITS = 7

const digitsOf = (text: string): string => text.replace(/\D/g, '')

/** Phone-number-like runs in `text`, as digits: `+1 (415) 555-0101` is one. */
function numbersIn(text: string): string[] {
  return (text.match(/\+?\d[\d ().-]*\d/g) ?? []).map(digitsOf).filter((digits) => digits.length >= MIN_NUMBER_DIGITS)
}

/** One number, or one written with its country code and one without (`4155550101`, `14155550101`). */
function sameNumber(a: string, b: string): boolean {
  return a === b || a.endsWith(b) || b.endsWith(a)
}
