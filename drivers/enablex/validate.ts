import * as z from 'zod'
import { VALIDATION_KINDS, type EnableXKind } from './kinds.js'
import { check, gradedCheck, gradedResult, pathKeys, quoteValue, readNulls, tagIssues, valueAt, type FoundIssue, type RuleBook, type SchemaRules, type ValidationIssue, type ValidationResult, type VendorError } from '../../src/driver/index.js'
import { closestName } from '../../src/validation/did-you-mean.js'
import { DOCUMENTED_DURATION, promptFields, ttsDurationMs } from './audio.js'
import { BEHAVIOUR } from './behaviour.js'
import { unwrappedPlay } from './play-wrapper.js'
import { ERROR_ANSWERS, errorBody, type ErrorContext, type ErrorRoute } from './error-answers.js'
import {
  ACTION_ON_CONNECT,
  ActionSchema,
  EventSchema,
  MakeCallFieldsSchema,
  PlayEventSchema,
  PlayRequestSchema,
  REQUEST_SCHEMAS,
  STATE_EVENTS,
  type ActionName,
  MakeCallRequestSchema,
  type MakeCallRequest,
  type PlayRequest,
} from './schemas.js'

export { VALIDATION_KINDS, type EnableXKind } from './kinds.js'

/** The rules a request body's schema check reports under. */
export const SCHEMA_RULES = { schema: 'enablex/request-schema', unknownKeys: 'enablex/unknown-keys', nullOptional: 'enablex/null-optional' } satisfies SchemaRules

const SCHEMAS: Record<EnableXKind, z.ZodType> = {
  action: ActionSchema,
  event: EventSchema,
  'make-call': REQUEST_SCHEMAS['make-call'],
  play: REQUEST_SCHEMAS.play,
  connect: REQUEST_SCHEMAS.connect,
  transfer: REQUEST_SCHEMAS.transfer,
  forward: REQUEST_SCHEMAS.forward,
  hold: REQUEST_SCHEMAS.hold,
  recording: REQUEST_SCHEMAS.recording,
}

/**
 * `validate('enablex', kind, payload)`. A request body kind (`play`, `make-call`, …) answers with
 * the REST API's own error too: what the fake API sends the app for that body. `action` takes
 * `{ action: '<route>', body }`.
 */
export function validate(kind: EnableXKind, payload: unknown, rules: RuleBook): ValidationResult {
  const result = validateKind(kind, payload, rules)
  return result.vendorError && kind !== 'action' && kind !== 'event' ? { ...result, vendorError: withAnswerBody(kind, result.vendorError) } : result
}

/**
 * The vendor error with the body the fake API answers it with (rest-api.ts, `answerBody`), so
 * `callspec validate` prints what the app gets: the route's error envelope (a play's
 * `{playstate: "failed", result, msg}`, a make-call's `{result, msg, state: "failed"}`), not the
 * generic `{status, code, message}`. Measured (audit-76 M1): a test written from the printed
 * answer checked fields EnableX never sends. On a call, the fake API adds the call's voice_id and
 * timestamp (and a play's answer its parties).
 */
function withAnswerBody(route: ErrorRoute, error: VendorError): VendorError {
  return error.body ? error : { ...error, body: answerBody(route, error) }
}

/** The body of the fake API's answer to a request on `route` it refuses for its body: the route's one error envelope (error-answers.ts). */
export function answerBody(route: ErrorRoute, error: VendorError, at: ErrorContext = {}): Record<string, unknown> {
  return errorBody(route, at, error.code, error.message)
}

function validateKind(kind: EnableXKind, payload: unknown, rules: RuleBook): ValidationResult {
  const schema = SCHEMAS[kind]
  if (!schema) throw new TypeError(`[callspec] enablex validates ${VALIDATION_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`)
  if (kind === 'event') return checkEvent(payload)
  if (kind === 'action' && isAction(payload, 'make-call')) return checkMakeCallAction(payload, rules)
  if (kind === 'action' && isAction(payload, 'play')) return checkPlayAction(payload, rules)
  if (kind === 'action' && isNumberAction(payload)) return inWrapper(NUMBER_WRAPPERS[payload.action], payload, checkRequest(payload.action, payload.body, rules), rules)
  if (kind === 'play') return validatePlay(payload, rules)
  if (kind === 'action') return nearActionName(gradedResult(schema, payload, rules, SCHEMA_RULES), payload)
  const graded: { ok: true; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[]; vendorError?: VendorError } =
    kind === 'make-call' ? checkMakeCall(payload, rules) : checkRequest(kind, payload, rules)
  const result = { ok: graded.ok, issues: graded.ok ? graded.warnings : graded.issues }
  if (graded.ok) return result
  const vendorError = graded.vendorError ?? requestError(kind, payload, result.issues)
  return { ok: false, issues: result.issues, vendorError }
}

/** `{ action: 'acept' }`: zod's list of routes, and the one meant (wording only; as the fake API's 404 says it). */
function nearActionName(result: ValidationResult, payload: unknown): ValidationResult {
  const named = isRecord(payload) ? payload.action : undefined
  const near = typeof named === 'string' ? closestName(named, Object.keys(REQUEST_SCHEMAS)) : undefined
  if (!near) return result
  const issues = result.issues.map((issue) => (issue.path === 'action' && issue.received === JSON.stringify(named) ? { ...issue, message: `${issue.message}; did you mean '${near}'?` } : issue))
  return { ...result, issues }
}

const STATES = [...new Set(STATE_EVENTS.flatMap(({ shape: { state } }) => ('options' in state ? state.options : [...state.values]) as string[]))]

/**
 * An event (EnableX's Voice API events), judged against the event its `state` (or `playstate`)
 * names, so an issue names its field (`digit`, `description`), where the union of every event said
 * only "Invalid input" at the top. A state several events share (`failed`, `initiated`…) is judged
 * against the one it comes closest to.
 */
function checkEvent(payload: unknown): ValidationResult {
  const whole = check(EventSchema, payload)
  if (whole.ok) return { ok: true, issues: [] }
  if (!isRecord(payload)) return { ok: false, issues: [{ path: '', message: `an EnableX event is a JSON object (received ${quoteValue(payload)})`, received: quoteValue(payload) }] }
  const { state, playstate } = payload
  const candidates: z.ZodType[] = state !== undefined ? STATE_EVENTS.filter((schema) => schema.shape.state.safeParse(state).success) : playstate !== undefined ? [PlayEventSchema] : []
  if (candidates.length === 0) {
    const message =
      state === undefined
        ? 'an EnableX event has a state (a play event: a playstate)'
        : `not a state EnableX sends: state is one of ${STATES.join(', ')} (a play event has a playstate instead)`
    return { ok: false, issues: [{ path: 'state', message: state === undefined ? message : `${message} (received ${quoteValue(state)})`, ...(state === undefined ? {} : { received: quoteValue(state) }) }] }
  }
  const [closest] = candidates.map((schema) => check(schema, payload)).sort((a, b) => a.issues.length - b.issues.length)
  return { ok: false, issues: closest!.issues }
}

/**
 * A play body: the play checks, and an unsupported voice answered 406 / 6117 (EnableX's Voice API
 * Routes, Play) before any other issue.
 */
function validatePlay(sent: unknown, rules: RuleBook): ValidationResult {
  const checked = checkPlay(sent, rules)
  const issues = checked.ok ? checked.warnings : checked.issues
  const payload = unwrappedPlay(sent, rules).body
  const voice = unsupportedVoice(payload)
  if (voice) {
    // EnableX's documented answer (406 / 6117), graded as a call grades it (enablex/error-answers:
    // a warning by default, the app gets the error and the call goes on); another issue fails the
    // request first, with its 400. The play route's 406 names the play's state (playstate, not state).
    const said = quoteValue((payload as { voice?: unknown }).voice)
    const breach = rules.breach(ERROR_ANSWERS.voiceNotSupported.rule)
    const tagged = breach ? tagIssues([{ path: 'voice', message: `${voice.message} (received ${said})`, received: said, hint: VOICE_ON_PLAY }], breach) : []
    if (!checked.ok) return { ok: false, issues: [...issues, ...tagged], vendorError: requestError('play', payload, issues) }
    return { ok: breach?.level !== 'error', issues: [...tagged, ...issues], vendorError: { ...voice, body: errorBody('play', {}, voice.code, voice.message) } }
  }
  if (checked.ok) return { ok: true, issues }
  return { ok: false, issues, vendorError: requestError('play', payload, issues) }
}

/** A play body checked: its data, or the issues that fail it. */
export type PlayCheck = { ok: true; data: PlayRequest; warnings: ValidationIssue[]; body: unknown } | { ok: false; issues: ValidationIssue[] }

/**
 * A play body (EnableX's Voice API Routes, Play) as the fake API reads it, for `PUT …/play`,
 * make-call's `action_on_connect.play` and `validate()`: the schema, with an unsupported voice left
 * out (it is the vendor's 406 / 6117 answer, not a schema error: see unsupportedVoice), then the
 * prompts it holds (rule enablex/one-prompt).
 */
export function checkPlay(payload: unknown, rules: RuleBook): PlayCheck {
  // The fields under a play key, as an EnableX sample sends them, are read from there (rule enablex/play-wrapper).
  const unwrapped = unwrappedPlay(payload, rules)
  // Optional fields sent as null are read as absent (rule enablex/null-optional), here and by the call.
  const { value: body, warnings: nulls } = readNulls(PlayRequestSchema, unwrapped.body, rules, SCHEMA_RULES.nullOptional)
  const graded = gradedCheck(PlayRequestSchema, withSupportedVoice(body), rules, SCHEMA_RULES)
  return withIssues(graded.ok ? { ...graded, body } : { ok: false, issues: graded.issues }, [unwrapped.issue, ...nulls, voiceCaseIssue(body, rules), promptIssue(body, rules), ...formatIssues('play', body, rules)])
}

/** A request body checked: its data, or the issues that fail it. */
export type RequestCheck = { ok: true; data: unknown; warnings: ValidationIssue[]; body: unknown } | { ok: false; issues: ValidationIssue[] }

/**
 * A request body of any route but make-call as the fake API reads it, for the REST API and
 * `validate()` alike: the play checks (checkPlay), or the route's schema, then the forms EnableX
 * does not document (formatIssues: a number of connect, transfer, forward).
 */
export function checkRequest(route: Exclude<ActionName, 'make-call'>, payload: unknown, rules: RuleBook): RequestCheck {
  if (route === 'play') return checkPlay(payload, rules)
  const { value: body, warnings: nulls } = readNulls(REQUEST_SCHEMAS[route], payload, rules, SCHEMA_RULES.nullOptional)
  const graded = gradedCheck(REQUEST_SCHEMAS[route], body, rules, SCHEMA_RULES)
  return withIssues(graded.ok ? { ...graded, body } : { ok: false, issues: graded.issues }, [...nulls, ...formatIssues(route, body, rules)])
}

/** 5–15 digits, optionally after a +: how EnableX's samples (no +) and newer docs (E.164) write a number. */
const PHONE = /^\+?[0-9]{5,15}$/
const SIP_URI = /^sips?:[^\s]+$/
/** A language tag's shape (BCP 47, case aside): `en-US`, `en`, `cmn-Hans-CN`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/

/**
 * The number fields of each route, and whether a sip: URI is read there (a destination, EnableX's
 * Voice API Routes, Connect).
 */
const NUMBER_FIELDS: Partial<Record<ActionName, ReadonlyArray<readonly [field: string, sip: boolean]>>> = {
  'make-call': [['from', false], ['to', false]],
  connect: [['from', false], ['to', true]],
  transfer: [['from', false], ['transfer_to', true]],
  forward: [['from', false], ['to', true]],
}

/**
 * The forms EnableX does not document, each its own inferred rule (rules.ts), warned at its level
 * and never a schema error: an empty text (enablex/empty-text), an empty room_id or recording_name
 * (enablex/empty-name), a language not shaped like a tag
 * (enablex/language-tag), a number not written as digits (enablex/phone-number), a silence or
 * break not written like "2000ms" (enablex/tts-duration). The value is used as callspec best can.
 * Fields of the wrong type are left to the schema. `at` prefixes each path.
 */
export function formatIssues(route: ActionName, payload: unknown, rules: RuleBook, at = ''): ValidationIssue[] {
  if (!isRecord(payload)) return []
  const out: ValidationIssue[] = []
  const add = (rule: string, issue: FoundIssue) => {
    const breach = rules.breach(rule)
    if (breach) out.push(...tagIssues([issue], breach))
  }
  const numbers = (body: Record<string, unknown>, fields: ReadonlyArray<readonly [string, boolean]>, prefix: string) => {
    for (const [field, sip] of fields) {
      const value = body[field]
      if (typeof value !== 'string' || PHONE.test(value) || (sip && SIP_URI.test(value))) continue
      const said = quoteValue(value)
      add('enablex/phone-number', {
        path: `${prefix}${field}`,
        message: `${field} is not a phone number${sip ? ' or a sip: URI' : ''}: 5–15 digits, optionally after a + (received ${said})`,
        received: said,
        hint: "callspec uses it as it is: EnableX's docs say only \"CLI number\" / \"Destination number\", its samples write digits without + (919999999999), its newer docs mention E.164",
      })
    }
  }
  if (route === 'play') {
    const { text, prompt_name: promptName, language, text_to_speech_option: tts } = payload
    for (const [field, value, does] of [['text', text, 'says nothing'], ['prompt_name', promptName, 'plays nothing']] as const) {
      if (typeof value !== 'string' || value.trim() !== '') continue
      add('enablex/empty-text', {
        path: `${at}${field}`,
        message: `${field} is empty (received ${quoteValue(value)})`,
        atWarn: `: callspec ${does} and sends playfinished at once`,
        received: quoteValue(value),
        hint: `EnableX documents no minimum length for ${field}`,
      })
    }
    if (typeof language === 'string' && !LANGUAGE_TAG.test(language)) {
      add('enablex/language-tag', {
        path: `${at}language`,
        message: `language is not shaped like a language tag such as en-US (received ${quoteValue(language)})`,
        atWarn: ': callspec sends it on as it is',
        received: quoteValue(language),
        hint: "EnableX's play table types language as a string, its examples write en-US, and it publishes no list of languages",
      })
    }
    if (isRecord(tts)) durationIssues(tts, `${at}text_to_speech_option`, add)
  }
  if (route === 'recording') {
    emptyName(payload, 'recording_name', at, 'records as if no recording_name were given', add)
    recordingFalse(payload, at, add)
    startAndStop(payload, at, add)
    stopRecordingName(payload, at, add)
  }
  if (route === 'transfer') transferFrom(payload, at, add)
  const fields = NUMBER_FIELDS[route]
  if (fields) numbers(payload, fields, at)
  if (route === 'make-call' && isRecord(payload.action_on_connect)) {
    const { play, connect, room } = payload.action_on_connect
    if (isRecord(play)) out.push(...formatIssues('play', play, rules, `${at}action_on_connect.play.`))
    if (isRecord(connect)) numbers(connect, NUMBER_FIELDS.connect!, `${at}action_on_connect.connect.`)
    if (isRecord(room)) emptyName(room, 'room_id', `${at}action_on_connect.room.`, 'joins the callee to no room (connected carries no room_id)', add)
  }
  return out
}

/**
 * A transfer without `from` (rule enablex/transfer-from, inferred): EnableX's transfer reference
 * shows from beside transfer_to and marks neither required. callspec presents the CLI of the
 * bridge's connect to the new party (commands.ts `transfer`).
 */
function transferFrom(body: Record<string, unknown>, at: string, add: (rule: string, issue: FoundIssue) => void): void {
  if (body.from !== undefined) return
  add('enablex/transfer-from', {
    path: `${at}from`,
    message: 'from is missing',
    atWarn: ": callspec presents the from of the bridge's connect to the new party",
    hint: "EnableX's transfer reference shows from (the CLI the new party sees) beside transfer_to, and does not say it is required",
  })
}

/**
 * An empty or blank room_id or recording_name (rule enablex/empty-name, inferred): EnableX types
 * both as strings and sets no minimum length. `does` is what callspec does with it.
 */
function emptyName(body: Record<string, unknown>, field: 'room_id' | 'recording_name', at: string, does: string, add: (rule: string, issue: ValidationIssue) => void): void {
  const value = body[field]
  if (typeof value !== 'string' || value.trim() !== '') return
  add('enablex/empty-name', {
    path: `${at}${field}`,
    message: `${field} is empty (received ${quoteValue(value)})`,
    received: quoteValue(value),
    hint: `callspec ${does}: EnableX documents no minimum length for ${field}`,
  })
}

/**
 * A recording's start or stop that is false (rule enablex/recording-false, inferred): EnableX's
 * Voice API Routes, Recording types both as booleans and shows only true. callspec reads the flag
 * as a condition, as a platform that checks `if (start)` would: false starts (or stops) nothing
 * (commands.ts `recording`).
 */
function recordingFalse(body: Record<string, unknown>, at: string, add: (rule: string, issue: ValidationIssue) => void): void {
  for (const [field, does] of [['start', 'starts no recording'], ['stop', 'stops no recording']] as const) {
    if (body[field] !== false) continue
    add('enablex/recording-false', {
      path: `${at}${field}`,
      message: `${field} is false (received false)`,
      received: 'false',
      hint: `callspec ${does} and answers 200 with no recording_id: EnableX documents only {"${field}": true}`,
    })
  }
}

/**
 * A recording request holding both start and stop (rule enablex/start-and-stop, inferred):
 * (EnableX's Voice API Routes, Recording). shows the two bodies apart. callspec reads start first
 * (recording-intent.ts).
 */
function startAndStop(body: Record<string, unknown>, at: string, add: (rule: string, issue: ValidationIssue) => void): void {
  if (!('start' in body) || !('stop' in body)) return
  const received = JSON.stringify({ start: body.start, stop: body.stop })
  const does = body.start === true ? 'it starts a recording and ignores stop' : body.stop === true ? 'start is not true, so it stops the recording running' : 'neither is true, so it starts and stops nothing'
  add('enablex/start-and-stop', {
    path: at.replace(/\.$/, ''),
    message: `start and stop are both given (received ${received})`,
    received,
    hint: `callspec reads start first: ${does}. EnableX documents {"start": true} and {"stop": true} as two requests, not what one holding both does: send one of them`,
  })
}

/**
 * A stop naming a recording_name (rule enablex/stop-recording-name, inferred): EnableX's Voice API
 * Routes, Recording shows the stop body as {"stop": true} and does not say what a name on it does.
 * callspec stops the recording running and ignores the name, as a platform that reads the name only
 * to start one would. A body that starts (start: true, read first: recording-intent.ts) uses its
 * name, so is not this case.
 */
function stopRecordingName(body: Record<string, unknown>, at: string, add: (rule: string, issue: FoundIssue) => void): void {
  if (body.recording_name === undefined || body.start === true || body.stop !== true) return
  const received = quoteValue(body.recording_name)
  add('enablex/stop-recording-name', {
    path: `${at}recording_name`,
    message: `recording_name is given on a stop (received ${received})`,
    atWarn: ': callspec stops the recording running and ignores the name',
    received,
    hint: 'EnableX documents the stop body as {"stop": true}, not what a recording_name on it does',
  })
}

/** Each silence or break duration not written like "2000ms", at any depth of an advanced TTS option (audio.ts reads them all). */
function durationIssues(option: Record<string, unknown>, path: string, add: (rule: string, issue: ValidationIssue) => void): void {
  for (const [key, value] of Object.entries(option)) {
    if (!isRecord(value)) continue
    if (key === 'silence' || key === 'break') {
      const field = value.value !== undefined || key === 'silence' ? 'value' : 'time'
      const said = value[field]
      if (key === 'silence' && said === undefined) {
        add('enablex/tts-duration', {
          path: `${path}.silence.value`,
          message: 'silence has no value',
          hint: "callspec adds no pause for it: EnableX's advanced TTS table lists a silence's keys (type, value) without saying either is required",
        })
        continue
      }
      if ((typeof said !== 'string' && typeof said !== 'number') || (typeof said === 'string' && DOCUMENTED_DURATION.test(said))) continue
      const ms = ttsDurationMs(said)
      const read = ms > 0 || /^\s*0/.test(String(said)) ? `callspec reads it as ${ms} ms` : 'callspec adds no pause for it'
      add('enablex/tts-duration', {
        path: `${path}.${key}.${field}`,
        message: `${key}.${field} is not written like "2000ms" (received ${quoteValue(said)})`,
        received: quoteValue(said),
        hint: `${read}: EnableX's advanced TTS table gives no format for a ${key}'s duration, its example writes "2000ms"`,
      })
    } else durationIssues(value, `${path}.${key}`, add)
  }
}

/**
 * A play holding more than one of text, prompt_name and text_to_speech_option (an empty
 * text_to_speech_option aside): EnableX says exactly one of text / prompt_name "is played", not
 * which, and its own play example holds both, so this is no error it documents (rule
 * enablex/one-prompt, inferred). callspec plays the first (audio.ts promptFields) and says so.
 */
export function promptIssue(payload: unknown, rules: RuleBook, at = ''): ValidationIssue | undefined {
  if (!isRecord(payload)) return undefined
  const fields = promptFields(payload)
  if (fields.length < 2) return undefined
  const breach = rules.breach('enablex/one-prompt')
  if (!breach) return undefined
  const [played, ...ignored] = fields
  const issue: ValidationIssue = {
    path: `${at}${ignored[0]!}`,
    message: `play holds ${fields.join(' and ')}: callspec plays ${played!} and ignores ${ignored.join(' and ')}`,
    hint: "send one of text, prompt_name or text_to_speech_option: EnableX's docs say exactly one of text and prompt_name is played, not which",
  }
  return tagIssues([issue], breach)[0]
}

/** A check with more issues of graded rules, in order, first among the issues (withIssue). */
function withIssues<T extends { ok: true; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[] }>(checked: T, issues: Array<ValidationIssue | undefined>): T | { ok: false; issues: ValidationIssue[] } {
  return issues.reduceRight<T | { ok: false; issues: ValidationIssue[] }>((done, issue) => withIssue(done, issue), checked)
}

/** A check with one more issue of a graded rule: first among the issues, failing the check only at level 'error'. */
function withIssue<T extends { ok: true; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[] }>(checked: T, issue: ValidationIssue | undefined): T | { ok: false; issues: ValidationIssue[] } {
  if (!issue) return checked
  if (!checked.ok) return { ok: false, issues: [issue, ...checked.issues] }
  if (issue.level === 'error') return { ok: false, issues: [issue, ...checked.warnings] }
  return { ...checked, warnings: [issue, ...checked.warnings] }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The body with a voice the schema accepts: an unsupported one replaced (that voice is the call's
 * 406 / 6117), one in another case put in lower case (rule enablex/voice-case).
 */
export function withSupportedVoice(body: unknown): unknown {
  return isRecord(body) && unsupportedVoice(body) ? { ...body, voice: BEHAVIOUR.voices[1] } : withVoiceCased(body)
}

/** `{ action: 'make-call' | 'play', body }`: the wrapper `validate('enablex', 'action', …)` reads, its body left to checkMakeCall or checkPlay. */
const WRAPPERS = {
  'make-call': z.strictObject({ action: z.literal('make-call'), body: z.unknown().optional() }),
  play: z.strictObject({ action: z.literal('play'), body: z.unknown().optional() }),
}

/**
 * `{ action: 'connect' | 'transfer' | 'forward' | 'recording', body }`: its body left to
 * checkRequest, so its numbers (and a recording's empty recording_name) are judged as a call judges them.
 */
const NUMBER_WRAPPERS = {
  connect: z.strictObject({ action: z.literal('connect'), body: z.unknown().optional() }),
  transfer: z.strictObject({ action: z.literal('transfer'), body: z.unknown().optional() }),
  forward: z.strictObject({ action: z.literal('forward'), body: z.unknown().optional() }),
  recording: z.strictObject({ action: z.literal('recording'), body: z.unknown().optional() }),
}

function isNumberAction(payload: unknown): payload is { action: keyof typeof NUMBER_WRAPPERS; body?: unknown } {
  return isRecord(payload) && typeof payload.action === 'string' && Object.hasOwn(NUMBER_WRAPPERS, payload.action)
}

function isAction<A extends keyof typeof WRAPPERS>(payload: unknown, action: A): payload is { action: A; body?: unknown } {
  return isRecord(payload) && payload.action === action
}

/**
 * `{ action: 'make-call', body }` judged as a call judges the make-call request: the body through
 * checkMakeCall (an event_url under action_on_connect read from there, a second action on connect
 * ignored, each with its warning), not through ActionSchema, whose make-call branch knows neither
 * (it failed a body a call runs). The wrapper's own keys are checked as before; the body's issues
 * keep their `body.` paths.
 */
function checkMakeCallAction(payload: { body?: unknown }, rules: RuleBook): ValidationResult {
  return inWrapper(WRAPPERS['make-call'], payload, checkMakeCall(payload.body, rules), rules)
}

/** `{ action: 'play', body }` judged as `PUT …/play` judges the body (checkPlay), its voice as validate('enablex', 'play') does. */
function checkPlayAction(payload: { body?: unknown }, rules: RuleBook): ValidationResult {
  const body = validatePlay(payload.body, rules)
  return inWrapper(WRAPPERS.play, payload, body.ok ? { ok: true, warnings: body.issues } : { ok: false, issues: body.issues }, rules)
}

function inWrapper(wrapperSchema: z.ZodType, payload: unknown, body: { ok: true; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[] }, rules: RuleBook): ValidationResult {
  const wrapper = gradedCheck(wrapperSchema, payload, rules, SCHEMA_RULES)
  const inBody = (issues: ValidationIssue[]) => issues.map((i) => ({ ...i, path: i.path ? `body.${i.path}` : 'body' }))
  const issues = [...(wrapper.ok ? wrapper.warnings : wrapper.issues), ...inBody(body.ok ? body.warnings : body.issues)]
  return { ok: wrapper.ok && body.ok, issues }
}

/**
 * Play with a voice EnableX cannot speak: 406 / 6117 (vendor doc: the play route's errors). A
 * documented voice in another case ("Female") is not one: the docs list the voices in lower case
 * and say nothing of case, so callspec reads it as the voice it names (inferred: rule
 * enablex/voice-case, see voiceCaseIssue).
 */
export function unsupportedVoice(payload: unknown): VendorError | undefined {
  const voice = isRecord(payload) ? payload.voice : undefined
  if (typeof voice !== 'string' || documentedVoice(voice) !== undefined) return undefined
  const { status, result, msg } = ERROR_ANSWERS.voiceNotSupported
  return { status, code: result, message: msg }
}

/** The documented voice `voice` names in any case ("Female" → "female"), or undefined. */
function documentedVoice(voice: string): string | undefined {
  return BEHAVIOUR.voices.find((v) => v === voice.toLowerCase())
}

/** A play body's voice when it is a documented voice written in another case ("Female"): that voice and the one sent. */
function casedVoice(payload: unknown): { sent: string; voice: string } | undefined {
  const sent = isRecord(payload) ? payload.voice : undefined
  if (typeof sent !== 'string') return undefined
  const voice = documentedVoice(sent)
  return voice !== undefined && voice !== sent ? { sent, voice } : undefined
}

/** A play body with a voice written in another case ("Female") put in the documented one ("female"): what the call plays. */
export function withVoiceCased(payload: unknown): unknown {
  const cased = casedVoice(payload)
  return cased ? { ...(payload as object), voice: cased.voice } : payload
}

/**
 * A documented voice written in another case (rule enablex/voice-case, inferred): the play table
 * lists "male" and "female" in lower case and does not say that another case is refused. At warn
 * callspec reads it as the voice it names; at error (strict) the request is refused HTTP 400
 * (callspec's answer).
 */
function voiceCaseIssue(payload: unknown, rules: RuleBook, at = ''): ValidationIssue | undefined {
  const cased = casedVoice(payload)
  const breach = cased && rules.breach('enablex/voice-case')
  if (!cased || !breach) return undefined
  const said = quoteValue(cased.sent)
  return tagIssues(
    [
      {
        path: `${at}voice`,
        message: `voice is not in lower case (received ${said})`,
        atWarn: `: callspec reads it as "${cased.voice}"`,
        received: said,
        hint: `EnableX's play table lists the voices "male" and "female" in lower case, and does not document that another case is refused: send "${cased.voice}"`,
      },
    ],
    breach,
  )[0]
}

/**
 * The REST error for an invalid body. The docs publish no validation errors, so callspec answers
 * 400 with `result` 400 and a message naming the field: "Mandatory parameter missing: to",
 * "Invalid parameter: start_timeout (must be 1–10 seconds)". [inferred] One message, so the issue
 * that made the request fail is named: a missing mandatory field first (an app that sent
 * `voice_type` for `voice` lacks `voice`; the unknown key alone would only have been ignored),
 * then any other error, and an unknown key only when it is itself the error (strict).
 */
export function requestError(route: ActionName, payload: unknown, issues: ValidationIssue[]): VendorError {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { status: 400, code: 400, message: `Invalid parameter: the ${route} body must be a JSON object` }
  }
  // A field missing at any depth: `Mandatory parameter missing: action_on_connect.connect.from`.
  const missing = (i: ValidationIssue) => i.path !== '' && valueAt(payload, pathKeys(i.path)) === undefined
  // A warning (a make-call's missing event_url at warn, a silence with no value) never names the error.
  const issue = issues.find((i) => i.level !== 'warn' && missing(i)) ?? issues.find((i) => i.level !== 'warn') ?? issues[0]
  if (!issue) return { status: 400, code: 400, message: 'Invalid request' }
  const unknown = /^Unrecognized keys?: (.*?)(?: \(received .*\))?$/.exec(issue.message)
  if (unknown) return { status: 400, code: 400, message: `Invalid parameter: ${unknown[1]!.replace(/"/g, '')}` }
  if (missing(issue)) return { status: 400, code: 400, message: `Mandatory parameter missing: ${issue.path}` }
  return { status: 400, code: 400, message: `Invalid parameter: ${issue.path || '(body)'} (${issue.message})` }
}

/** A make-call body checked: its data, or the issues that fail it. */
/** `body`: the request as sent, but with an event_url read from action_on_connect put at the top level (what a call with warnings runs on). */
/** `vendorError`: the answer when it is not the 400 requestError gives (406 / 6117 for an unsupported voice under action_on_connect.play, when rule enablex/voice-on-connect is at error). */
export type MakeCallCheck = { ok: true; data: MakeCallRequest; warnings: ValidationIssue[]; body: unknown } | { ok: false; issues: ValidationIssue[]; vendorError?: VendorError }

const WHERE_IT_GOES = "EnableX's field table lists it under action_on_connect, but its JSON example and samples send it at the top level"

/**
 * The make-call body (EnableX's Voice API Routes, Make Call). `event_url` under `action_on_connect`
 * is taken out before the schema sees it: EnableX's own field table lists it there
 * (`action_on_connect.event_url`), but its JSON example and every sample put it at the top level.
 * Left in, it made action_on_connect match none of its shapes, and zod said only "Invalid input"
 * there, never naming event_url. The sources disagree, so neither place fails a call as if
 * documented (rule enablex/event-url-placement, inferred: a warning; strict fails):
 * - only under action_on_connect (the table's place): callspec reads it from there, and says the
 *   JSON example and samples put it at the top level;
 * - at both levels: the top-level one is read, the nested one not. An action_on_connect that held
 *   only event_url then runs nothing when the callee answers.
 */
export function checkMakeCall(sent: unknown, rules: RuleBook): MakeCallCheck {
  // Optional fields sent as null are read as absent (rule enablex/null-optional), here and by the call.
  const { value: payload, warnings: nulls } = readNulls(MakeCallRequestSchema, sent, rules, SCHEMA_RULES.nullOptional)
  const checked = checkMakeCallVoiced(payload, rules)
  return checked.ok ? { ...checked, warnings: [...nulls, ...checked.warnings] } : checked
}

function checkMakeCallVoiced(payload: unknown, rules: RuleBook): MakeCallCheck {
  const voiced = voiceOnConnect(payload, rules)
  if (!voiced) return checkMakeCallActions(payload, rules)
  const checked = checkMakeCallActions(voiced.body, rules)
  if (voiced.issue?.level !== 'error') return withIssue(checked, voiced.issue)
  // At error (strict): another issue fails the request first, with its 400, as on PUT …/play.
  if (!checked.ok) return { ok: false, issues: [...checked.issues, voiced.issue] }
  return { ok: false, issues: [voiced.issue, ...checked.warnings], ...(voiced.refusal && { vendorError: voiced.refusal }) }
}

/**
 * The voice of a make-call's action_on_connect.play, judged before the rest of the body (which is
 * then checked as `body`):
 * - a documented voice in another case ("Female"): read as the voice it names, as on PUT …/play
 *   (rule enablex/voice-case, inferred);
 * - a voice that is none of the documented ones in any case ("robot"): EnableX documents 406 /
 *   6117 for it on the play route only, and no refusal of a make-call for it. Inferred (rule
 *   enablex/voice-on-connect): callspec places the call, and the play on connect goes as the play
 *   route would take it, refused: nothing plays when the callee answers (the body goes on without
 *   the play; no play event follows). At error (strict) callspec refuses the make-call with the
 *   play route's 406 / 6117, said as its own answer.
 */
function voiceOnConnect(payload: unknown, rules: RuleBook): { body: unknown; issue?: ValidationIssue | undefined; refusal?: VendorError } | undefined {
  if (!isRecord(payload) || !isRecord(payload.action_on_connect)) return undefined
  const onConnect = payload.action_on_connect
  const play = onConnect.play
  if (!isRecord(play)) return undefined
  if (casedVoice(play)) return { body: { ...payload, action_on_connect: { ...onConnect, play: withVoiceCased(play) } }, issue: voiceCaseIssue(play, rules, 'action_on_connect.play.') }
  const refusal = unsupportedVoice(play)
  if (!refusal) return undefined
  const breach = rules.breach('enablex/voice-on-connect')
  const said = quoteValue(play.voice)
  const issue = breach && tagIssues(
    [
      {
        path: 'action_on_connect.play.voice',
        message: `voice is not one EnableX documents, "male" or "female" (received ${said})`,
        atWarn: ': callspec places the call and plays nothing when the callee answers, as PUT …/play refuses this voice (HTTP 406, result 6117)',
        received: said,
        hint: 'EnableX documents HTTP 406, result 6117 for this voice on PUT …/play, and no refusal of a make-call for it: send voice "male" or "female"',
      },
    ],
    breach,
  )[0]
  if (issue?.level === 'error') return { body: { ...payload, action_on_connect: { ...onConnect, play: withSupportedVoice(play) } }, issue, refusal }
  const { play: _, ...rest } = onConnect
  const { action_on_connect: __, ...others } = payload
  return { body: Object.keys(rest).length === 0 ? others : { ...others, action_on_connect: rest }, issue }
}

function checkMakeCallActions(payload: unknown, rules: RuleBook): MakeCallCheck {
  const none = noActionOnConnect(payload)
  if (none) {
    const breach = rules.breach('enablex/one-action-on-connect')
    const checked = checkMakeCallActions(none.body, rules)
    if (!breach) return checked
    const [issue] = tagIssues(
      [
        {
          path: 'action_on_connect',
          message: `action_on_connect holds none of play, connect or room (received ${none.received})`,
          atWarn: ': callspec places the call and runs nothing when the callee answers',
          received: none.received,
          hint: "EnableX's make-call table marks action_on_connect optional and lists play, connect and room under it; it does not say what one holding none of them does: give it one, or leave action_on_connect out",
        },
      ],
      breach,
    )
    return withIssue(checked, issue)
  }
  const several = firstActionOnConnect(payload)
  const checked = checkMakeCallBody(several?.body ?? payload, rules)
  const breach = several && rules.breach('enablex/one-action-on-connect')
  if (!several || !breach) return checked
  const [issue] = tagIssues(
    [
      {
        path: 'action_on_connect',
        message: `action_on_connect holds ${several.held.join(' and ')}: callspec runs ${several.held[0]} when the callee answers and ignores the rest`,
        received: several.held.join(', '),
        hint: 'give action_on_connect one of play, connect or room, as the field table lists them',
      },
    ],
    breach,
  )
  return withIssue(checked, issue)
}

/**
 * An action_on_connect holding more than one of play, connect and room: the body with only the
 * first of them (in the table's order), and those it held. EnableX lists the three as
 * alternatives ("one of" is inferred: its JSON example repeats play to show them) and says
 * nothing of a body with two (rule enablex/one-action-on-connect, inferred).
 */
function firstActionOnConnect(payload: unknown): { body: Record<string, unknown>; held: string[] } | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined
  const body = payload as Record<string, unknown>
  const onConnect = body.action_on_connect
  if (typeof onConnect !== 'object' || onConnect === null || Array.isArray(onConnect)) return undefined
  const held = ON_CONNECT.filter((key) => Object.hasOwn(onConnect, key))
  if (held.length < 2) return undefined
  const kept = Object.fromEntries(Object.entries(onConnect).filter(([key]) => key === held[0] || !ON_CONNECT.includes(key)))
  return { body: { ...body, action_on_connect: kept }, held }
}

const ON_CONNECT = ['play', 'connect', 'room']

/**
 * An action_on_connect holding none of play, connect and room, and more than an event_url alone
 * (`{}`): the body with only its event_url kept there (else without it), and the object as
 * received. action_on_connect is optional in the docs; "one of play, connect or room" is
 * inferred, so such a body is placed and runs nothing when the callee answers, as one whose
 * action_on_connect held only event_url, with a warning (rule enablex/one-action-on-connect,
 * inferred; strict refuses it 400, callspec's answer). Measured (audit F2): `{}` failed the call
 * under the documented, fixed enablex/request-schema.
 */
function noActionOnConnect(payload: unknown): { body: Record<string, unknown>; received: string } | undefined {
  if (!isRecord(payload) || !isRecord(payload.action_on_connect)) return undefined
  const onConnect = payload.action_on_connect
  const keys = Object.keys(onConnect)
  if (keys.some((key) => ON_CONNECT.includes(key)) || (keys.length === 1 && keys[0] === 'event_url')) return undefined
  const { action_on_connect: _, ...others } = payload
  const kept = Object.hasOwn(onConnect, 'event_url') ? { ...others, action_on_connect: { event_url: onConnect.event_url } } : others
  return { body: kept, received: quoteValue(onConnect) }
}

function checkMakeCallBody(payload: unknown, rules: RuleBook): MakeCallCheck {
  const nested = nestedEventUrl(payload)
  const onlyNested = nested !== undefined && nested.body.event_url === undefined
  const body = nested === undefined ? payload : onlyNested ? { ...nested.body, event_url: nested.url } : nested.body
  const graded = withIssue(checkMakeCallSchema(body, rules), missingEventUrl(body, rules))
  const checked: MakeCallCheck = graded.ok ? { ...graded, body: onlyNested ? { ...(payload as object), event_url: nested.url } : payload } : graded
  if (!nested) return checked
  const breach = rules.breach('enablex/event-url-placement')
  if (!breach) return checked
  const there = quoteValue(nested.url)
  const top = quoteValue(nested.body.event_url)
  const placement = onlyNested
    ? {
        message: `event_url is under action_on_connect, not at the top level (received ${there} there): callspec posts the events to it`,
        hint: `move event_url to the top level of the make-call body: ${WHERE_IT_GOES}`,
      }
    : {
        message: `event_url under action_on_connect is not read (received ${there})`,
        hint: `the events go to the top-level event_url${top === there ? '' : ` (${top})`}: remove the one under action_on_connect; ${WHERE_IT_GOES}, where callspec reads it when both are there`,
      }
  const [issue] = tagIssues([{ path: 'action_on_connect.event_url', received: there, ...placement }], breach)
  return withIssue(checked, issue)
}

/**
 * A make-call with no event_url at either level (rule enablex/make-call-without-event-url,
 * inferred). EnableX's Voice API Routes, Make Call: "`event_url` | string URL | yes for outbound
 * events | Where events are POSTed": events need it; the docs do not say that EnableX refuses a
 * call without one, and a fire-and-forget message (`action_on_connect.play`) is a plausible use. At
 * warn the call is placed and its events go nowhere (call.ts: the platform hangs up once nothing is
 * left to run); at error (strict) callspec refuses it, HTTP 400 "Mandatory parameter missing:
 * event_url", its own answer. Measured (audit-94 F2): the missing field was refused as if
 * documented, its issue reading "expected an http(s) URL".
 */
function missingEventUrl(body: unknown, rules: RuleBook): ValidationIssue | undefined {
  if (!isRecord(body) || body.event_url !== undefined) return undefined
  const breach = rules.breach('enablex/make-call-without-event-url')
  if (!breach) return undefined
  const docs = 'EnableX\'s make-call table marks event_url "yes for outbound events": events need it, and the docs do not say that EnableX refuses a call without one'
  const does =
    breach.level === 'error'
      ? 'callspec refuses the make-call (HTTP 400, its own answer), as this rule is at error'
      : 'callspec places the call, and the app gets no events for it (there is nowhere to send them): the platform hangs up once action_on_connect is done'
  const add = breach.level === 'error' ? '' : '. Add event_url for the app to hear of ringing, connected, playfinished and disconnected'
  const issue: ValidationIssue = { path: 'event_url', message: 'event_url is missing', hint: `${does}. ${docs}${add}` }
  return tagIssues([issue], breach)[0]
}

/** The make-call schema with action_on_connect narrowed to one shape, by the key it holds. */
const MAKE_CALL_BY_ACTION = {
  play: MakeCallFieldsSchema.extend({ action_on_connect: ACTION_ON_CONNECT.play.optional() }),
  connect: MakeCallFieldsSchema.extend({ action_on_connect: ACTION_ON_CONNECT.connect.optional() }),
  room: MakeCallFieldsSchema.extend({ action_on_connect: ACTION_ON_CONNECT.room.optional() }),
}

const VOICE_ON_PLAY = 'voice is male or female: EnableX answers a play with another voice HTTP 406, result 6117 (the app gets the error and the call goes on)'

/**
 * The make-call schema check. action_on_connect's one key picks its shape, so an issue inside it
 * names its field (`action_on_connect.play.dtmf`, a missing `action_on_connect.connect.from`),
 * where the union of the three shapes said only "Invalid input" at action_on_connect. The play
 * there has "the same fields as the play API" and is read as `PUT …/play` reads one: its prompts
 * under enablex/one-prompt. Its voice was judged before (voiceOnConnect).
 */
function checkMakeCallSchema(body: unknown, rules: RuleBook): { ok: true; data: MakeCallRequest; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[]; vendorError?: VendorError } {
  const onConnect = isRecord(body) && isRecord(body.action_on_connect) ? body.action_on_connect : undefined
  const held = onConnect ? (['play', 'connect', 'room'] as const).filter((key) => Object.hasOwn(onConnect, key)) : []
  const action = held.length === 1 ? held[0]! : undefined
  const play = action === 'play' ? onConnect!.play : undefined
  const graded = gradedCheck(action ? MAKE_CALL_BY_ACTION[action] : MakeCallFieldsSchema, body, rules, SCHEMA_RULES)
  const schemaChecked = graded.ok ? { ok: true as const, data: graded.data as MakeCallRequest, warnings: graded.warnings } : { ok: false as const, issues: graded.issues.map((i) => namedActionOnConnect(i, body)) }
  return withIssues(schemaChecked, [promptIssue(play, rules, 'action_on_connect.play.'), ...formatIssues('make-call', body, rules)])
}

/** The body without `action_on_connect.event_url` (and without an action_on_connect left empty), and that URL. */
function nestedEventUrl(payload: unknown): { body: Record<string, unknown>; url: unknown } | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined
  const body = payload as Record<string, unknown>
  const onConnect = body.action_on_connect
  if (typeof onConnect !== 'object' || onConnect === null || Array.isArray(onConnect) || !Object.hasOwn(onConnect, 'event_url')) return undefined
  const { event_url: url, ...rest } = onConnect as Record<string, unknown>
  const { action_on_connect: _, ...others } = body
  return { body: Object.keys(rest).length === 0 ? others : { ...others, action_on_connect: rest }, url }
}

/**
 * zod's "Invalid input" for an action_on_connect that matches none of its shapes, said in
 * EnableX's terms: it holds none of play, connect or room, or more than one.
 */
function namedActionOnConnect(issue: ValidationIssue, payload: unknown): ValidationIssue {
  if (issue.path !== 'action_on_connect' || !issue.message.startsWith('Invalid input')) return issue
  const onConnect = (payload as { action_on_connect?: unknown }).action_on_connect
  if (typeof onConnect !== 'object' || onConnect === null || Array.isArray(onConnect)) return issue
  const actions = ['play', 'connect', 'room'].filter((key) => Object.hasOwn(onConnect, key))
  if (actions.length === 1) return issue
  const said = actions.length === 0 ? 'action_on_connect holds none of play, connect or room' : `action_on_connect takes one of play, connect or room, got ${actions.join(' and ')}`
  return { ...issue, message: issue.received === undefined ? said : `${said} (received ${issue.received})` }
}
