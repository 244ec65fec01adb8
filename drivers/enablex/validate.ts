import * as z from 'zod'
import { VALIDATION_KINDS, type EnableXKind } from './kinds.js'
import { check, gradedCheck, quoteValue, tagIssues, type RuleBook, type SchemaRules, type ValidationIssue, type ValidationResult, type VendorError } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import { ERROR_ANSWERS } from './error-answers.js'
import { ActionSchema, EventSchema, MakeCallRequestSchema, REQUEST_SCHEMAS, type ActionName, type MakeCallRequest } from './schemas.js'

export { VALIDATION_KINDS, type EnableXKind } from './kinds.js'

/** The rules a request body's schema check reports under. */
export const SCHEMA_RULES = { schema: 'enablex/request-schema', unknownKeys: 'enablex/unknown-keys' } satisfies SchemaRules

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
  const schema = SCHEMAS[kind]
  if (!schema) throw new TypeError(`[callspec] enablex validates ${VALIDATION_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`)
  if (kind === 'event') {
    const result = check(schema, payload)
    return { ok: result.ok, issues: result.issues }
  }
  if (kind === 'action' && isMakeCallAction(payload)) return checkMakeCallAction(payload, rules)
  const graded = kind === 'make-call' ? checkMakeCall(payload, rules) : gradedCheck(schema, payload, rules, SCHEMA_RULES)
  const result = { ok: graded.ok, issues: graded.ok ? graded.warnings : graded.issues }
  if (kind === 'action') return result
  const voice = kind === 'play' ? unsupportedVoice(payload) : undefined
  if (voice) return { ok: false, issues: [{ path: 'voice', message: voice.message }, ...result.issues.filter((i) => i.path !== 'voice')], vendorError: voice }
  if (result.ok) return result
  return { ok: false, issues: result.issues, vendorError: requestError(kind, payload, result.issues) }
}

/** `{ action: 'make-call', body }`: the wrapper `validate('enablex', 'action', …)` reads, its body left to checkMakeCall. */
const MakeCallActionSchema = z.strictObject({ action: z.literal('make-call'), body: z.unknown().optional() })

function isMakeCallAction(payload: unknown): payload is { action: 'make-call'; body?: unknown } {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) && (payload as { action?: unknown }).action === 'make-call'
}

/**
 * `{ action: 'make-call', body }` judged as a call judges the make-call request: the body through
 * checkMakeCall (an event_url under action_on_connect read from there, a second action on connect
 * ignored, each with its warning), not through ActionSchema, whose make-call branch knows neither
 * (it failed a body a call runs). The wrapper's own keys are checked as before; the body's issues
 * keep their `body.` paths.
 */
function checkMakeCallAction(payload: { body?: unknown }, rules: RuleBook): ValidationResult {
  const wrapper = gradedCheck(MakeCallActionSchema, payload, rules, SCHEMA_RULES)
  const body = checkMakeCall(payload.body, rules)
  const inBody = (issues: ValidationIssue[]) => issues.map((i) => ({ ...i, path: i.path ? `body.${i.path}` : 'body' }))
  const issues = [...(wrapper.ok ? wrapper.warnings : wrapper.issues), ...inBody(body.ok ? body.warnings : body.issues)]
  return { ok: wrapper.ok && body.ok, issues }
}

/** Play with a voice EnableX cannot speak: 406 / 6117 (§2.3). */
export function unsupportedVoice(payload: unknown): VendorError | undefined {
  const voice = typeof payload === 'object' && payload !== null ? (payload as { voice?: unknown }).voice : undefined
  if (typeof voice !== 'string' || (BEHAVIOUR.voices as readonly string[]).includes(voice)) return undefined
  const { status, result, msg } = ERROR_ANSWERS.voiceNotSupported
  return { status, code: result, message: msg }
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
  const body = payload as Record<string, unknown>
  const missing = (i: ValidationIssue) => {
    const name = i.path.split(/[.[]/)[0] ?? ''
    return name !== '' && body[name] === undefined
  }
  const issue = issues.find(missing) ?? issues.find((i) => i.level !== 'warn') ?? issues[0]
  if (!issue) return { status: 400, code: 400, message: 'Invalid request' }
  const unknown = /^Unrecognized keys?: (.*?)(?: \(received .*\))?$/.exec(issue.message)
  if (unknown) return { status: 400, code: 400, message: `Invalid parameter: ${unknown[1]!.replace(/"/g, '')}` }
  if (missing(issue)) return { status: 400, code: 400, message: `Mandatory parameter missing: ${issue.path}` }
  return { status: 400, code: 400, message: `Invalid parameter: ${issue.path || '(body)'} (${issue.message})` }
}

/** A make-call body checked: its data, or the issues that fail it. */
/** `body`: the request as sent, but with an event_url read from action_on_connect put at the top level (what a call with warnings runs on). */
export type MakeCallCheck = { ok: true; data: MakeCallRequest; warnings: ValidationIssue[]; body: unknown } | { ok: false; issues: ValidationIssue[] }

const WHERE_IT_GOES = "EnableX's field table lists it under action_on_connect, but its JSON example and samples send it at the top level"

/**
 * The make-call body (§2.1). `event_url` under `action_on_connect` is taken out before the schema
 * sees it: EnableX's own field table lists it there (`action_on_connect.event_url`), but its JSON
 * example and every sample put it at the top level. Left in, it made action_on_connect match none
 * of its shapes, and zod said only "Invalid input" there, never naming event_url. The sources
 * disagree, so neither place fails a call as if documented (rule enablex/event-url-placement,
 * inferred: a warning; strict fails):
 * - only under action_on_connect (the table's place): callspec reads it from there, and says the
 *   JSON example and samples put it at the top level;
 * - at both levels: the top-level one is read, the nested one not. An action_on_connect that held
 *   only event_url then runs nothing when the callee answers.
 */
export function checkMakeCall(payload: unknown, rules: RuleBook): MakeCallCheck {
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
  if (!checked.ok) return { ok: false, issues: [issue!, ...checked.issues] }
  if (breach.level === 'error') return { ok: false, issues: [issue!, ...checked.warnings] }
  return { ...checked, warnings: [issue!, ...checked.warnings] }
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

function checkMakeCallBody(payload: unknown, rules: RuleBook): MakeCallCheck {
  const nested = nestedEventUrl(payload)
  const onlyNested = nested !== undefined && nested.body.event_url === undefined
  const body = nested === undefined ? payload : onlyNested ? { ...nested.body, event_url: nested.url } : nested.body
  const graded = gradedCheck(MakeCallRequestSchema, body, rules, SCHEMA_RULES)
  const checked: MakeCallCheck = graded.ok ? { ...graded, body: onlyNested ? { ...(payload as object), event_url: nested.url } : payload } : { ok: false, issues: graded.issues.map((i) => namedActionOnConnect(i, body)) }
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
  if (!checked.ok) return { ok: false, issues: [issue!, ...checked.issues] }
  if (breach.level === 'error') return { ok: false, issues: [issue!, ...checked.warnings] }
  return { ...checked, warnings: [issue!, ...checked.warnings] }
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
