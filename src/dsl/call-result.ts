import type { ActionsOf, AnyDriver, EventBody, EventsOf } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import type { Transcript } from '../session/transcript.js'
import type { ActionRecord, CallEnd, Prompt, WireRequest } from '../session/types.js'
import { transcriptToMermaid } from '../report/mermaid.js'

/** One webhook the platform sent the app: its name, turn, virtual time and parsed body. */
export interface SentWebhook {
  readonly name: string
  readonly turn: number
  /** Virtual ms since the call started. */
  readonly at: number
  /** The JSON body as the app received it (for a GET callback: its query parameters; for an encrypted event, `{ encrypted_data }`). */
  readonly body: Record<string, unknown>
  /** An encrypted event (EnableX's webhook encryption) as the app reads it once decrypted; unset for others. */
  readonly decrypted?: Record<string, unknown>
}

/** Loopback ports change every run; a printed call must not. */
const LOOPBACK_PORT = /(\bhttps?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])|\b127\.0\.0\.1|\blocalhost|\[::1\]):\d+/g

/**
 * The platform's action names, kept on a call's result for the matchers (toHaveAction refuses a name
 * the platform has none of, `.not` included). A registered symbol and not enumerable: the CommonJS
 * and ESM copies of callspec read each other's, and a runner's printout of the result does not show it.
 */
const ACTION_NAMES = Symbol.for('callspec.actionNames')

export function withActionNames<R extends object>(result: R, names: readonly string[]): R {
  Object.defineProperty(result, ACTION_NAMES, { value: names })
  return result
}

/** The platform's action names a call's result carries (withActionNames); undefined for one built elsewhere. */
export const actionNamesOf = (result: object): readonly string[] | undefined => (result as Record<symbol, readonly string[] | undefined>)[ACTION_NAMES]

/** What an awaited call resolves to: the whole transcript and handy views of it. */
export class CallResult<D extends AnyDriver = AnyDriver> {
  /** Brand for matchers, which may see a copy of this class from the other module format. */
  readonly isCallResult = true as const

  /**
   * Types only, never set: the platform's action bodies by name, which the matchers' types read a
   * match off (`toHaveAction('PATCH', { dialedNumber })` completes the keys, and a misspelt one is a
   * type error), by shape as they read the names (matchers/types.ts).
   */
  declare readonly '~actions'?: ActionsOf<D>

  constructor(
    readonly platform: string,
    readonly seed: number,
    readonly transcript: Transcript,
    /** Notes such as actions left unconsumed under `unconsumed: 'warn'`. */
    readonly warnings: readonly string[],
  ) {}

  /** The app's actions, in order, in the vendor's own vocabulary. */
  // Written out, not as ActionName<D>: a type error then lists the names, not the alias (the matchers read the names here).
  get actions(): ActionRecord<keyof ActionsOf<D> & string>[] {
    return this.transcript.actions() as ActionRecord<keyof ActionsOf<D> & string>[]
  }

  /** Every prompt the caller heard: TTS text or audio address. */
  get prompts(): string[] {
    return this.transcript.prompts()
  }

  get heard(): Prompt[] {
    return this.transcript.heard()
  }

  /** Names of the webhooks sent to the app, in order. */
  get events(): string[] {
    return this.transcript.events()
  }

  /** The webhooks sent to the app, in order, with their parsed bodies (`events` has their names). */
  get webhooks(): SentWebhook[] {
    return this.transcript.entries.flatMap((e) => (e.kind === 'event' ? [{ name: e.name, turn: e.turn, at: e.at, body: parseBody(e.request), ...(e.plain && { decrypted: e.plain }) }] : []))
  }

  /**
   * The body of the webhook named `name` (the first one, or the `nth`, counting from 1), parsed
   * (an encrypted event decrypted, as the app reads it).
   * Throws, listing the events that were sent, when there is none. Typed by the platform: its
   * webhook names autocomplete, another name is a type error, and the body has its fields' types.
   * @example expect(call.event('COLLECTED_DIGITS').digitsReceived).toBe('1234')
   */
  // The names written out, not through the EventName alias: a misspelt name's type error then lists
  // the platform's event names (helper-125: it named `EventName<Driver<WebexActions, …>>`).
  event<N extends keyof EventsOf<D> & string>(name: N, nth = 1): EventBody<D, N> {
    // Counted from 1, as the README says: a 0 read as the first found "only 2, not 0" (newcomer audit-155 N8).
    if (!Number.isInteger(nth) || nth < 1) {
      throw new CallspecUsageError(`[callspec] call.event(${JSON.stringify(name)}, ${String(nth)}): nth counts from 1 (the first ${JSON.stringify(name)} webhook is 1), got ${String(nth)}.`)
    }
    const found = this.webhooks.filter((e) => e.name === name)
    const hit = found[nth - 1]
    if (!hit) {
      const which = nth === 1 ? `no ${JSON.stringify(name)} webhook` : `only ${found.length} ${JSON.stringify(name)} webhook(s), not ${nth}`
      throw new CallspecUsageError(`[callspec] call.event(): the platform sent ${which}; it sent: ${this.events.join(', ') || '(nothing)'}.${endedBefore(this.end)}`)
    }
    // An encrypted event is read as the app reads it, decrypted: its fields are the event's (h200:
    // `{ encrypted_data }` came back, typed as the event, so `.digit` compiled and read undefined).
    return (hit.decrypted ?? hit.body) as EventBody<D, N>
  }

  /** Virtual milliseconds the call lasted. */
  get duration(): number {
    return this.transcript.duration
  }

  get end(): CallEnd | undefined {
    return this.transcript.end
  }

  /** The transcript as text; loopback ports show as `:<port>`, so it is the same every run. */
  print(): string {
    return this.transcript.print().replace(LOOPBACK_PORT, '$1:<port>')
  }

  /** The call as a Mermaid sequence diagram: caller, platform and app lanes, virtual times, prompts, key presses. */
  toMermaid(): string {
    return transcriptToMermaid(this.transcript)
  }
}

/**
 * The call while it runs, as a step's function (`pressDigits(call => …)`) sees it. A prompt is
 * written to the transcript as heard only once it stops (then it is known whether it was cut
 * short), so here `prompts` and `heard` are what the app's actions so far have played or are
 * playing.
 */
export class CallSoFar<D extends AnyDriver = AnyDriver> extends CallResult<D> {
  override get heard(): Prompt[] {
    return this.transcript.actions().flatMap((a) => a.prompts)
  }

  override get prompts(): string[] {
    return this.heard.map((p) => p.text)
  }

}

export const isCallResult = (value: unknown): value is CallResult =>
  typeof value === 'object' && value !== null && (value as { isCallResult?: unknown }).isCallResult === true

function parseBody(request: WireRequest): Record<string, unknown> {
  if (request.body === undefined || request.body === '') {
    const query = request.url.includes('?') ? new URL(request.url, 'http://app').searchParams : undefined
    return query ? Object.fromEntries(query) : {}
  }
  try {
    const parsed: unknown = JSON.parse(request.body)
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed }
  } catch {
    return { raw: request.body }
  }
}

/**
 * Why a webhook the test reads may never have come: the call ended first. A flow that ends with the
 * call live hangs up as the caller, so a test whose flow stops at `.expectAction('PATCH')` and then
 * reads the `PATCHED` a busy line brings finds none (audit h193: the message listed the events and
 * left the reader to see that the caller had hung up as the PATCH went out).
 */
function endedBefore(end: CallEnd | undefined): string {
  if (!end) return ''
  const at = `${(end.at / 1000).toFixed(1)} s`
  if (end.by !== 'caller') return ` The call ended at ${at} (by ${end.by}: ${end.reason}).`
  return ` The caller hung up at ${at}, as a flow does when its last step is done (or at its .hangUp()), so nothing that would come after was sent: to see it, end the flow with .staySilent(ms) or the step you expect (.expectAction(…)).`
}
