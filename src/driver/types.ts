import type { SimpleFaker } from '@faker-js/faker'
import type { PlatformApi } from '../api/types.js'
import type { VirtualClock } from '../clock/virtual-clock.js'
import type { ActionRecord, CallEnd, CallParties, Listening, Prompt, RefusedBy, WireRequest, WireResponse } from '../session/types.js'
import type { RuleBook, RuleTable } from '../validation/rules.js'
import type { ValidationIssue, ValidationResult } from '../validation/types.js'
import type { VendorOptionProblem } from '../validation/vendor-option-shapes.js'
import type { TriggerRecord } from './trigger-record.js'

/** How a number the platform dials behaves: the outbound callee, a PATCH or transfer target. */
export type PartyBehaviour =
  | 'answers'
  | 'busy'
  | 'no-answer'
  | 'voicemail'
  | { answers: true; hangsUpAfterMs: number }

/** What the simulated person on the line does. */
export type CallerInput = { label: string } & (
  | { kind: 'digits'; digits: string; bargeIn: boolean; gapMs: number }
  | { kind: 'speech'; text: string; recognised: boolean; bargeIn: boolean }
  | { kind: 'hangup'; cause: 'caller' | 'network' | 'end-of-test' }
)

/** Handed to a `startedBy()` trigger: reach the app under test, over the same bounded transport. */
export interface TriggerContext {
  fetch(
    path: string,
    init?: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; headers?: Record<string, string>; body?: unknown },
  ): Promise<{ status: number; body: string; json(): unknown }>
}

export interface CallSetup<Options = unknown> {
  parties: CallParties
  webhookPath: string
  /** Extra headers on every webhook (for apps that check a static credential). */
  headers: Record<string, string>
  vendor: Options
  /** Outbound: the number the test says the app dials (`toNumber()`), if it said. */
  dialled?: string
  /** Outbound: how the dialled person answers. */
  callee: PartyBehaviour
  /** How any other number the platform dials behaves (PATCH / transfer targets). */
  party(number: string): PartyBehaviour
  /** Outbound: the app code that places the call. */
  startedBy?: (ctx: TriggerContext) => unknown
}

/** A webhook the platform sends to the app. */
export interface Delivery {
  name: string
  summary: string
  body: unknown
  /**
   * The event as the app reads it once it has decrypted `body`, where the platform seals its events
   * (EnableX's webhook encryption): what `call.event()` returns, typed as the event. Unset: `body`.
   */
  sealed?: { plain: Record<string, unknown> }
  method?: 'POST' | 'GET'
  /** Path or absolute URL; default: the flow's webhook path. */
  target?: string
  headers?: Record<string, string>
}

/** What a driver may do to the call it simulates. Implemented by the core's CallSession. */
export interface CallContext {
  readonly platform: string
  readonly clock: VirtualClock
  /**
   * The app's wall clock now, in ms: the call's epoch plus virtual now where the app's `Date`
   * follows the call's clock (an app in this process, or under callspec/agent), the real
   * `Date.now()` otherwise. What a timestamp the app wrote (8x8's `validUntil`) is compared with.
   */
  appNow(): number
  readonly random: SimpleFaker
  readonly limits: Limits
  /** The turn of the latest webhook delivered (0 before the first). */
  readonly turn: number
  readonly ended: CallEnd | undefined
  /**
   * The origin webhooks reach the app at: an app by URL, its URL's; an in-process app, the
   * in-memory origin (MEMORY_ORIGIN) or, under `transport: 'tcp'`, its loopback one.
   */
  readonly appOrigin: string
  uuid(): string
  /** Sends a webhook (a new turn) and returns what went over the wire. */
  deliver(delivery: Delivery): Promise<{ request: WireRequest; response: WireResponse }>
  /** A GET (or other request) to the app that is not a webhook turn, e.g. fetching an audio file it hosts. */
  fetchFromApp(target: string, init?: { method?: 'GET' | 'POST'; headers?: Record<string, string> }): Promise<{ request: WireRequest; response: WireResponse }>
  /** Fires every platform timer due up to virtual `at`, then moves time there. */
  advanceTo(at: number): Promise<void>
  /**
   * The caller has finished this step's input, now: the last key pressed (typeKeys), the last word
   * said (a driver whose speech webhook goes out as the caller stops speaking). Before that
   * webhook goes out: a hang-up the test has the caller make a while after it
   * (`.pressDigits(keys).staySilent(ms).hangUp()`) is due from here, whatever the app does with it.
   */
  callerDone?(): void
  /**
   * The caller's next key while a press step types (typeKeys), due at virtual `at`; undefined the
   * rest of the time. A webhook whose answer the app still holds past that instant (on a timer of
   * its own, or on real I/O) does not hold the key back: the wait for that answer presses it then
   * (`press`), on whatever the platform has listening, and goes on waiting.
   */
  keyDue?: KeyDue | undefined
  /** Sets the call's numbers once known (outbound: from the app's make-call request). */
  setParties(parties: Partial<CallParties>): void
  /** Records the app's action and queues it for `expectAction`. */
  action(action: Omit<ActionRecord, 'index' | 'turn' | 'at'>): ActionRecord
  /**
   * Records a REST request the app made to the platform's API. `refusedBy`: the rule a refusal
   * (status 400 and up) was answered under, and whether callspec inferred it.
   */
  apiRequest(entry: { name: string; summary: string; method: string; url: string; headers: Record<string, string>; body: string; status: number; responseBody: string; refusedBy?: RefusedBy }): void
  /** The caller heard `prompt`, which began at virtual `at` (cut short after `cutAtMs` if given). */
  heard(prompt: Prompt, at: number, cutAtMs?: number): void
  /** Records what the caller did, at virtual `at` (default now): drivers stamp the real moment. */
  caller(text: string, at?: number): void
  note(text: string): void
  /**
   * The caller pressed `key` and the platform took it nowhere (nothing was collecting digits): noted
   * in the transcript, and counted, so that a press step none of whose keys landed is warned about.
   */
  keyIgnored(key: string): void
  /** The rule levels in force for this call (the driver's table, `strict` and `rules` from the test). */
  readonly rules: RuleBook
  /**
   * A rule was broken: true when its level is 'error' (the driver then fails the call, quoting
   * the rule's tag); at 'warn' the message is recorded as a warning and false is returned; 'off': false.
   */
  breaks(rule: string, message: string): boolean
  /** Records the 'warn' issues of a graded schema check (unknown keys the vendor ignores) as warnings. */
  warnIssues(issues: readonly ValidationIssue[], context: string): void
  end(end: Omit<CallEnd, 'at'>): void
  /**
   * Runs the flow's `startedBy()` trigger in the background; its failure fails the flow. Resolves
   * once the trigger is under way: an outbound call first takes its turn on the app's clock
   * (after registering what it waits for, so a request the app sends meanwhile is claimed).
   */
  startTrigger(): Promise<void>
  /** What the flow's startedBy() trigger did (undefined for an inbound call): handed to WaitingCalls.expect. */
  readonly triggerRecord?: TriggerRecord
  /**
   * Waits (bounded) for the startedBy() trigger to finish, and fails the flow if it threw. A real
   * callee answers seconds after the app placed the call, by when the app's handler is done.
   */
  awaitTrigger(): Promise<void>
  /**
   * Waits in real time (bounded by `limits.appTimeoutMs`) for something the app must do. `within`:
   * a shorter bound, with why it is enough (the app answered as another platform's apps do, and
   * will not act as this one's: a request of its would have come at once), said if it runs out.
   */
  waitForApp<T>(promise: Promise<T>, what: string, within?: { ms: number; why: string }): Promise<T>
  /**
   * Asked on a failure only: the platform whose apps answer a webhook as this app answered its
   * first one, when another driver recognises the answer (Driver.answersLike); the failure then
   * asks whether `platform` is right, and a driver leaves out advice that assumes it is.
   */
  firstAnswerLike?(): string | undefined
  /**
   * Asked on a failure only: the app (in this process) answered every webhook of this call, one at
   * least, without reading its body, so what it did cannot depend on any event's fields; the
   * failure says so first, and a driver leaves out advice about the fields it reads.
   */
  readNoBody?(): boolean
}

/** The caller's next key (CallContext.keyDue): when it is due, and what presses it. */
export interface KeyDue {
  at: number
  press(): Promise<void>
}

/** A 2xx answer to a webhook, as a driver is asked whether its apps answer so (Driver.answersLike). */
export interface AnswerSeen {
  status: number
  contentType: string | undefined
  body: string
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown
}

/** The simulation of one call on one platform. */
export interface PlatformCall {
  /** Begins the call: the first webhook (inbound) or waits for the app to place it (outbound). */
  start(): Promise<void>
  input(input: CallerInput): Promise<void>
  /** What the platform listens for right now, if anything. */
  listening(): Listening | undefined
  /**
   * Optional: why nothing on this call listens for `want` now, in the platform's terms (EnableX: the
   * app's last play had no `dtmf: true`), or undefined. Said when a pressDigits()/say() step's wait
   * for the app ran out while the platform never listened: the failure named only the request that
   * never came (newcomer audit h199).
   */
  notListening?(want: 'digits' | 'speech'): string | undefined
  /**
   * Optional, for a platform the app drives through its REST API (EnableX): the request that does
   * `action` on this call (`hangup`: `DELETE /voice/v1/call/…`), said when a step waited for it in
   * vain. A newcomer's app that forgot to hang up was told only that no request came (helper-132).
   */
  requestFor?(action: string): string | undefined
  /**
   * Optional: the number the caller is connected to right now (a dialled party who answered), if
   * any. Such a call goes on with nothing scheduled until someone hangs up: a step that waits for
   * more says so, rather than calling the call stuck.
   */
  connectedTo?(): string | undefined
  /**
   * Optional: what the call waits on from the app that nothing else will do (EnableX: an inbound
   * call rings until the app accepts it), said when the call runs past its bounds with only the
   * app's own timers firing; undefined when it waits on nothing in particular.
   */
  waitingOnApp?(): string | undefined
  /**
   * Nothing is scheduled and no action is queued. REST-driven platforms wait here (bounded) for
   * the app's next request; return true if something happened. Default: false.
   * `awaitsAction`: the step waits for an action of the app's (expectAction), not for the call to
   * move on by itself (say, expectHangup, staySilent).
   */
  idle?(awaitsAction?: boolean): Promise<boolean>
  /**
   * Called before each platform timer fires: a REST-driven platform lets requests the app is still
   * sending (after answering a webhook) arrive first, so they are ordered before later timers.
   */
  settle?(): Promise<void>
  /** Called once the flow is over, whatever happened: let go of shared resources. */
  dispose?(): void
  /**
   * Optional: why an action the test expects by name is never queued on this call (Voxology's
   * IF/GOTO/LABEL/SESSIONDATA are transcript notes unless an option queues them), or undefined.
   * Said under a failed expectAction's headline.
   */
  unqueued?(name: string): string | undefined
}

export interface Limits {
  /** Real ms to wait for the app's answer to one webhook. */
  responseTimeoutMs: number
  /** Real ms to wait for a REST request the app must make (a make-call after startedBy, …). */
  appTimeoutMs: number
  /** Webhooks in one call before it is stopped as a loop. */
  maxTurns: number
  /** Virtual ms a call may last before it is stopped. */
  maxVirtualMs: number
  /** Bytes of one answer from the app read before the turn fails (callspec stops reading there). */
  maxBodyBytes: number
  /**
   * Real ms an app in this process that answered the last event, sent no request since and went
   * quiet (no request in flight, no timer, no I/O callspec can see) is given before the wait for its
   * request fails (default 1,500). Work on Node's thread pool (a bcrypt hash, a sharp resize, a
   * native addon's call) shows nowhere: an app that does such work for longer before its next
   * request raises it. Waits (limits.appTimeoutMs) shorter than twice it are waited out whole;
   * set without `appTimeoutMs`, the default wait is at least twice it.
   */
  quietGraceMs?: number
}

/** One vendor platform. The core knows only this contract. */
export interface Driver<
  Actions extends Record<string, unknown> = Record<string, unknown>,
  Options = any,
  Api extends PlatformApi = PlatformApi,
  Kinds extends string = string,
  Rules extends string = string,
  Events extends Record<string, object> = Record<string, Record<string, unknown>>,
> {
  readonly platform: string
  readonly actionNames: readonly (keyof Actions & string)[]
  readonly defaultWebhookPath: string
  /** Origins of the vendor's REST API, intercepted for in-process apps. */
  readonly vendorOrigins: readonly string[]
  /**
   * The path the vendor's REST routes start with, after the origin (EnableX: `/voice/v1`): what an
   * app by URL appends to the fake API's URL (startPlatform().url, CALLSPEC_<PLATFORM>_API_URL), said
   * where the command tells the user how to point the app there.
   */
  readonly apiBasePath?: string
  /**
   * The app drives every call through the vendor's REST API (EnableX): in-process apps get the
   * vendor hosts intercepted on inbound calls too, not only when startedBy() places a call.
   */
  readonly appDrivesCall?: boolean
  /**
   * How long the vendor documents the platform waits for a webhook's answer, with where it says so.
   * An answer the app's own timers hold back past it breaks `<platform>/answer-in-time`; without
   * it, callspec assumes `limits.responseTimeoutMs` and says the vendor documents no deadline.
   * `afterEnd`: the (inferred) rule a late answer to a webhook sent after the call ended breaks
   * instead, where the vendor's deadline only says what becomes of a live call (EnableX: "the call
   * may terminate"); without it, such an answer is judged as any other.
   */
  readonly answerDeadline?: { readonly ms: number; readonly source: string; readonly afterEnd?: string }
  /**
   * What the platform does with the answer to a webhook the app still held when the caller hung
   * up (the call ended while it waited), with the evidence: said in the transcript's note on that
   * late answer. The driver does not run it either way (the call has ended).
   */
  readonly answerAfterEnd?: string
  /**
   * The platform reads nothing from a webhook's answer (EnableX: the app acts through the REST API),
   * so none of its timers waits for one: while the app holds an answer, the prompt's end, an input
   * timeout, a callee's hang-up fire at their own instants.
   */
  readonly goesOnWithoutAnswers?: boolean
  /**
   * Whether an app written for this platform answers a webhook like `answer`, in a way that tells
   * it from the other platforms' apps (Webex Connect's `{"action":"ANSWER"}`, EnableX's `OK`).
   * Asked only when a call on another platform fails on its first webhook, for the hint "the app's
   * answer to the first webhook looks like a <platform> app's: is `platform` right?" (answer-like.ts).
   */
  readonly answersLike?: (answer: AnswerSeen) => boolean
  /**
   * The field names, at any depth, of the webhooks this platform sends (8x8's `payload`,
   * `callStatus`): an app crashing on another platform's webhook because it read one of these is
   * asked whether `platform` is right, and one that read a name no platform sends is not
   * (first-turn-hint.ts). Kept in step with the driver's event schemas by test/drivers/event-fields.test.ts.
   */
  readonly eventFields?: readonly string[]
  /**
   * The platform's payload schemas as JSON Schema (`action`, `event`, …), as `callspec schema` prints
   * them: what a matcher reads a match's keys against when the call sent no action of that name to
   * compare with (`.not.toHaveAction('PATCH', { dialedNumbr })`). Called only after a call ran, when
   * the driver's heavy half is loaded.
   */
  readonly jsonSchemas?: () => Record<string, unknown>
  /**
   * Names a test may write for something of this platform's that is no action on it, keyed in lower
   * case without `-`, `_` or spaces (`makecall`), each with why and what to write instead: said by
   * expectAction() in place of "is 'platform' right?" when another platform has an action of that
   * name (Voxology's Make Call is a REST request startedBy() waits for, not a script action; the
   * failure asked whether the platform was right, and it was: newcomer audit h199).
   */
  readonly notActions?: Readonly<Record<string, NotAnAction>>
  /**
   * The key the app's action bodies name the action under (`{"action":"PLAY"}`: `action`), or none
   * where a body does not name it (the action is the REST call's URL). A failure's diff and
   * `toBeValidAction` read a recorded action by it (utils/action-record.ts).
   */
  readonly actionNameKey?: string
  /**
   * The names of this platform's `vendor` options (its Options type's keys, kept in step by the
   * compiler: allKeys): `callTo()` refuses any other at run time, where a JavaScript caller has no
   * type to catch a misspelt one.
   */
  readonly optionNames?: readonly string[]
  /**
   * The values each of this platform's enumerated `vendor` options may take (`ranOut: ['ask',
   * 'end']`, a boolean's `[true, false]`; allValues keeps each list in step with its type):
   * `callTo()` refuses any other at run time, naming the option, the value and these, where a
   * JavaScript caller has no type to catch it and the default would apply in silence.
   */
  readonly optionValues?: Readonly<Record<string, readonly (string | boolean)[]>>
  /**
   * The names of this platform's `vendor` options whose value is text (textKeys keeps the list in
   * step with its Options type): `callspec explore --vendor appId=0012345` takes such a value as
   * typed, where YAML read the number 12345.
   */
  readonly textOptions?: readonly string[]
  /**
   * Each `vendor` option whose value has not its shape (a map of URLs to milliseconds, a list of
   * numbers, text…), checked when a call starts (the first refused) and as a scenario file loads
   * (all reported), with the driver's heavy half loaded (its zod shapes:
   * src/validation/vendor-option-shapes.ts). Names and enumerated values are checked before.
   */
  checkVendorOptions?(vendor: object): readonly VendorOptionProblem[]
  /** Payload kinds `validate()` knows for this platform. */
  readonly validationKinds: readonly Kinds[]
  /** Every check the driver makes, with its evidence and default level (drivers/<vendor>/rules.ts). */
  readonly rules: RuleTable<Rules>
  /**
   * Loads the driver's heavy half (schemas, simulation) ahead of use; a call awaits it before it
   * starts. The other methods load it synchronously if nothing has yet.
   */
  load?(): Promise<void>
  createApi(): Api
  createCall(ctx: CallContext, setup: CallSetup<Options>, api: Api | undefined): PlatformCall
  /** Checks one payload; `rules` holds the levels in force (defaults unless the caller set `strict`/`rules`). */
  validate(kind: Kinds, payload: unknown, rules: RuleBook): ValidationResult
  /** Type-only: carries the action map so `expectAction` autocompletes. Never set. */
  readonly __actions?: Actions
  /** Type-only: carries the webhook map (name → body) so `call.event()` autocompletes and types the body. Never set. */
  readonly __events?: Events
}

export type AnyDriver = Driver<any, any, any, any, any, any>

/** Why a name is no action on a platform (`why`), and what to write instead, in a test's chain and in a scenario file's steps. */
export interface NotAnAction {
  readonly why: string
  readonly test: string
  readonly scenario: string
}
export type ActionsOf<D> = D extends Driver<infer A, any, any, any, any, any> ? A : never
export type OptionsOf<D> = D extends Driver<any, infer O, any, any, any, any> ? O : never
export type KindsOf<D> = D extends Driver<any, any, any, infer K, any, any> ? K : never
/** The ids of a platform's rules (`'8x8/unknown-keys'`, …): what `rules: {…}` autocompletes. */
export type RuleIdOf<D> = D extends Driver<any, any, any, any, infer R, any> ? R : never
export type ActionName<D> = keyof ActionsOf<D> & string
/** A platform's webhooks, name → body as the app receives it: what `call.event()` autocompletes. */
export type EventsOf<D> = D extends Driver<any, any, any, any, any, infer E> ? E : never
/** The names of a platform's webhooks (`'COLLECTED_DIGITS'`, …); any string for a driver that declares none. */
export type EventName<D> = keyof EventsOf<D> & string
/**
 * The body of the webhook `N`, its fields only (KnownFields); a plain record for a driver (or a
 * call) whose events are not known.
 */
export type EventBody<D, N extends string> = 0 extends 1 & EventsOf<D> ? Record<string, unknown> : N extends keyof EventsOf<D> ? KnownFields<EventsOf<D>[N]> : Record<string, unknown>

/**
 * A body without the `[key: string]: unknown` its loose schema adds, at any depth: the schemas stay
 * loose where they read a vendor's payloads (a field the vendor adds is no error), but a body
 * callspec sent has only the fields it wrote, and the index signature typed a misspelt one
 * (`call.event('ACCEPTED').calerId`) as `unknown` where it should be a type error (TypeScript then
 * offers the field meant). An object with no named field (a record) keeps its index signature.
 */
export type KnownFields<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? { [K in keyof T]: KnownFields<T[K]> }
    : T extends object
      ? [keyof Named<T>] extends [never]
        ? T
        : { [K in keyof Named<T>]: KnownFields<Named<T>[K]> }
      : T

/** T's named fields (`keyof T` alone folds them into the index signature's `string`). */
type Named<T> = { [K in keyof T as NamedKey<K>]: T[K] }

/** A key that is a name, not an index signature's `string`, `number` or `symbol`. */
type NamedKey<K> = string extends K ? never : number extends K ? never : symbol extends K ? never : K
