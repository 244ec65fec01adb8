/**
 * Voxology Call Flow payloads as zod schemas. Every schema names the Voxology source it encodes
 * (its reference pages, its tutorials' samples), or says it is inferred.
 *
 * Strictness by direction: the scripts and REST bodies the app sends are strict objects, so a typo
 * such as `finish_on_keys` is reported (rule voxology/unknown-keys); the callbacks the platform
 * sends are loose, so recorded real payloads with more fields validate. Actions whose parameters
 * Voxology does not document (named without parameters in Voxology's API reference) keep their
 * `params` loose.
 *
 * These schemas hold what the docs and tutorials show (rule voxology/action-schema, an error).
 * What callspec only infers (a COLLECT timeout that looks like seconds, an undocumented
 * finish_on_key, an empty SAY, DIAL's parameters, a PLAY url that is not absolute, a PLAY loop
 * that is not an integer of at least 1, an empty LABEL name, GOTO label or CONFERENCE name) is checked in action-checks.ts,
 * where it warns; a REDIRECT url that is there but not absolute is resolved
 * before these schemas see it (rule voxology/redirect-url, script.ts).
 */
import * as z from 'zod'

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number such as +14155550100')
/** An absolute http(s) URL; a missing one says so, rather than what a present one should look like. */
const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? `${what} has no params.url: it needs an absolute http(s) URL` : 'expected an absolute http(s) URL') })
const IsoTime = z.iso.datetime({ offset: true })
const SessionData = z.record(z.string(), z.unknown())

/**
 * Comments are "allowed and ignored" ("You may put random comments in your JSON script", Voxology's
 * Call Flow Actions reference, the response document): any JSON value (a string, an array of lines,
 * an object), never read.
 */
const Comment = z.unknown().optional()

/**
 * Keys allowed on any action: its name, and comments (Voxology's Call Flow Actions reference, the
 * response document).
 */
const common = {
  name: z.string().optional(),
  comment: Comment,
  comments: Comment,
}

// ── Prompt actions (Voxology's SAY reference; Voxology's PLAY tutorial sample): also the only actions a COLLECT may nest ───

/**
 * Text to speech with `${…}` templates; `loop` repeats it (Voxology's SAY reference). An integer;
 * its lower bound (1) is not published: one under 1 warns (rule voxology/action-bounds,
 * action-checks.ts) and speaks once (audio.ts timesPlayed).
 */
export const SayActionSchema = z.strictObject({
  ...common,
  type: z.literal('SAY'),
  params: z.strictObject({
    text: z.string(),
    loop: z.int().optional(),
  }),
})

/**
 * An audio file by URL (required, a string). `loop` is not evidenced (Voxology's PLAY tutorial
 * sample has none, and no Voxology source documents it), so the schema takes any value: one that is
 * not an integer of at least 1 (0, 1.5, "2", null) warns under the inferred rule voxology/play-loop
 * (action-checks.ts) and plays once (audio.ts timesPlayed); SAY's documented loop (an integer ≥1)
 * stays here. The samples' urls are absolute; one that is not warns (rule voxology/play-url,
 * action-checks.ts). Source: Voxology's PLAY tutorial sample.
 */
export const PlayActionSchema = z.strictObject({
  ...common,
  type: z.literal('PLAY'),
  params: z.strictObject({
    url: z.string({ error: (issue) => (issue.input === undefined ? 'PLAY has no params.url: it needs an absolute http(s) URL' : 'expected a string URL') }),
    loop: z.unknown().optional(),
  }),
})

export const PromptActionSchema = z.discriminatedUnion('type', [SayActionSchema, PlayActionSchema])

/**
 * A terminator key: `pound` is the official spelling, `#` the third-party one (Voxology's COLLECT
 * reference and tutorial; the sources disagree). Any string reads; a value the docs do not show
 * warns (rule voxology/finish-on-key, action-checks.ts).
 */
export const FinishKeySchema = z.string()

/**
 * DTMF collection with nested prompts; `timeout` is in milliseconds (Voxology's COLLECT reference
 * and tutorial).
 */
export const CollectActionSchema = z.strictObject({
  ...common,
  type: z.literal('COLLECT'),
  actions: z.array(PromptActionSchema).optional(),
  params: z
    .strictObject({
      // An integer; a value under 1 warns (rule voxology/action-bounds, action-checks.ts) and sets no digit limit (media/collect.ts).
      num_digits: z.int().optional(),
      finish_on_key: FinishKeySchema.optional(),
      // Milliseconds; the docs set no minimum (a value that looks like seconds warns, action-checks.ts).
      timeout: z.int().optional(),
    })
    .optional(),
})

// ── Call control (Voxology's CONFERENCE, LABEL and GOTO, IF, SESSIONDATA and HANGUP reference, its REDIRECT tutorial sample) ───

/**
 * Joins the caller to a named conference; the script goes on when the caller leaves (Voxology's
 * CONFERENCE reference).
 */
export const ConferenceActionSchema = z.strictObject({
  ...common,
  type: z.literal('CONFERENCE'),
  // A string, no minimum length documented: an empty one warns (rule voxology/conference-name, action-checks.ts).
  params: z.strictObject({ name: z.string() }),
})

/** A jump target; `name` is at the top level (Voxology's LABEL and GOTO reference). */
export const LabelActionSchema = z.strictObject({
  type: z.literal('LABEL'),
  // A string, no minimum length documented: an empty one warns (rule voxology/goto-targets, script.ts).
  name: z.string(),
  comment: Comment,
  comments: Comment,
})

/** Continues at the LABEL named `params.label` (Voxology's LABEL and GOTO reference). */
export const GotoActionSchema = z.strictObject({
  ...common,
  type: z.literal('GOTO'),
  // A string, no minimum length documented: an empty one warns (rule voxology/goto-targets, script.ts).
  params: z.strictObject({ label: z.string() }),
})

/** Stores data on the call (shallow merge) (Voxology's SESSIONDATA reference). */
export const SessionDataActionSchema = z.strictObject({
  ...common,
  type: z.literal('SESSIONDATA'),
  session_data: SessionData,
})

const REDIRECT_METHODS = 'Invalid option: expected an HTTP method, POST or GET'

/**
 * Ends this script and asks `params.url` for the next one (Voxology's REDIRECT tutorial sample).
 * Known from the samples alone, so its issues cite them (rule voxology/redirect-schema,
 * redirect-schema.ts). The method is a method name (letters): the samples send "POST" and nothing
 * else, so that it is POST or GET, and in upper case, is callspec's inference, graded as such
 * (voxology/redirect-method and voxology/redirect-method-case, action-checks.ts). Measured (h203):
 * "PUT" failed the call as the samples' word, though no sample or page refuses it.
 */
export const RedirectActionSchema = z.strictObject({
  ...common,
  type: z.literal('REDIRECT'),
  params: z.strictObject({
    url: httpUrl('REDIRECT'),
    method: z.string({ error: REDIRECT_METHODS }).regex(/^[A-Za-z]+$/, { error: REDIRECT_METHODS }).optional(),
  }),
})

/** Ends the call (Voxology's HANGUP reference). */
export const HangupActionSchema = z.strictObject({ ...common, type: z.literal('HANGUP') })

// ── Actions known by name only (named without parameters in Voxology's API reference) ────────────

/**
 * Dials another party and bridges the caller. Only `session_data` is evidenced; the number in
 * `params.no` (with `caller_id_no`, `timeout` in seconds) mirrors the make-call body, so the params
 * are read as they come and checked where they warn (rule voxology/dial-params). Named without
 * parameters in Voxology's API reference; inferred.
 */
export const DialActionSchema = z.strictObject({
  ...common,
  type: z.literal('DIAL'),
  params: z.looseObject({ no: z.unknown().optional(), caller_id_no: z.unknown().optional(), timeout: z.unknown().optional() }).optional(),
  session_data: SessionData.optional(),
})

/**
 * Records the caller; callbacks report `recordings: [{ name, id }]`, so it has a `name` (named
 * without parameters in Voxology's API reference, inferred).
 */
export const RecordActionSchema = z.strictObject({
  ...common,
  type: z.literal('RECORD'),
  params: z.looseObject({}).optional(),
})

/**
 * Named in the API reference, parameters unknown: accepted, reported as not simulated (named
 * without parameters in Voxology's API reference).
 */
export const QueueActionSchema = z.looseObject({ type: z.literal('QUEUE') })

/**
 * Answering-machine detection, parameters unknown: accepted, reported as not simulated (named
 * without parameters in Voxology's API reference).
 */
export const DetectActionSchema = z.looseObject({ type: z.literal('DETECT') })

// ── IF, and the recursive action union (Voxology's IF reference) ─────────────────────────────────

/**
 * Runs `then` when the condition is truthy, else `orElse`, then goes on after the IF (Voxology's IF
 * reference).
 */
export const IfActionSchema = z.strictObject({
  // The common keys written out: a spread here defeats TypeScript's inference of the recursion.
  name: z.string().optional(),
  comment: Comment,
  comments: Comment,
  type: z.literal('IF'),
  condition: z.string().refine((c) => c.trim() !== '', 'IF needs a condition'),
  get then() {
    return z.array(ActionSchema)
  },
  get orElse() {
    return z.array(ActionSchema).optional()
  },
})

/**
 * One Call Flow Action, tagged by `type` (UPPERCASE) (Voxology's Call Flow Actions reference, the
 * response document).
 */
export const ActionSchema = z.discriminatedUnion('type', [
  SayActionSchema,
  PlayActionSchema,
  CollectActionSchema,
  ConferenceActionSchema,
  LabelActionSchema,
  GotoActionSchema,
  IfActionSchema,
  SessionDataActionSchema,
  RedirectActionSchema,
  HangupActionSchema,
  DialActionSchema,
  RecordActionSchema,
  QueueActionSchema,
  DetectActionSchema,
])

/**
 * The callback answer: `{ "actions": [...] }` with optional descriptive keys (Voxology's Call Flow
 * Actions reference, the response document).
 */
export const ScriptSchema = z.strictObject({
  name: z.string().optional(),
  comments: Comment,
  comment: Comment,
  actions: z.array(ActionSchema),
})

export { ACTION_TYPES } from './action-types.js'

// ── Callback request (Voxology's Call Flow Loop docs, Callback Request) ──────────────────────────

/**
 * One COLLECT's result in a callback; `name` absent for an unnamed COLLECT (the callback sample in
 * Voxology's Call Flow Loop docs).
 */
export const KeyPressSchema = z.looseObject({ name: z.string().optional(), digits: z.string() })

/** One RECORD's result in a callback (the callback sample in Voxology's Call Flow Loop docs). */
export const RecordingSchema = z.looseObject({ name: z.string().optional(), id: z.string() })

/**
 * A number's location fields. Typed by name: computed keys alone typed them as an index signature
 * (`[x: string]: string | undefined`), so `call.event('init_call').caller_no_city` did not autocomplete.
 */
const location = <P extends 'caller_no' | 'api_no'>(prefix: P) =>
  ({
    [`${prefix}_city`]: z.string().optional(),
    [`${prefix}_region`]: z.string().optional(),
    [`${prefix}_country`]: z.string().optional(),
    [`${prefix}_timezone`]: z.string().optional(),
  }) as { [K in `${P}_${'city' | 'region' | 'country' | 'timezone'}`]: z.ZodOptional<z.ZodString> }

/**
 * What Voxology sends to the callback URL (JSON body, or query parameters for GET) (the callback
 * sample in Voxology's Call Flow Loop docs).
 */
export const CallbackRequestSchema = z.looseObject({
  type: z.string().min(1),
  app_id: z.string().min(1),
  subaccount_id: z.union([z.string(), z.number()]),
  call_id: z.string().min(1),
  start_time: IsoTime,
  end_time: IsoTime.optional(),
  direction: z.enum(['inbound', 'outbound']),
  duration: z.int().min(0),
  status: z.string(),
  detection: z.string(),
  caller_no: E164,
  ...location('caller_no'),
  api_no: E164,
  ...location('api_no'),
  key_presses: z.array(KeyPressSchema),
  recordings: z.array(RecordingSchema),
  custom_data: z.unknown().optional(),
  session_data: SessionData.nullable(),
  sip_domain: z.string().optional(),
  sip_forwarded_for: z.string().optional(),
  text_message: z.string().optional(),
})

// ── REST (Voxology's REST API reference) ─────────────────────────────────────────────────────────

/**
 * `POST /v1/Dials/Connect`: `timeout` in seconds, `max_call_time` in ms [inferred]. Both are
 * documented as integers, with no bounds: one under 1 warns (rule voxology/make-call-bounds,
 * make-call.ts). Source: Voxology's Make Call reference.
 */
export const MakeCallRequestSchema = z.strictObject({
  call: z.strictObject({ no: E164, caller_id_no: E164 }),
  session_data: SessionData.optional(),
  timeout: z.int().optional(),
  max_call_time: z.int().optional(),
})

/**
 * Answer to make-call: not documented; callspec answers 200 with the call id (Voxology's Make Call
 * reference, inferred).
 */
export const MakeCallResponseSchema = z.looseObject({ call_id: z.string(), status: z.string() })

/**
 * `GET /v1/History/Logs/Calls/{callId}`: the call log as a third-party README shows it (Voxology
 * documents none; unverified).
 */
export const CallLogSchema = z.looseObject({
  id: z.string(),
  app_id: z.string(),
  subaccount_id: z.union([z.string(), z.number()]),
  call_id: z.string(),
  caller_no: z.string(),
  api_no: z.string(),
  start_time: IsoTime,
  end_time: IsoTime.nullable(),
  type: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  hangup_end: z.string().nullable(),
  duration: z.int().min(0),
  status: z.string(),
  detection: z.string(),
  error: z.unknown(),
  connect_time_billed: z.number(),
  connect_time_sec: z.int(),
  origin_api: z.string(),
  charge: z.looseObject({ total: z.number() }),
  service: z.string(),
})

/**
 * Error body of the fake REST API: the vendor documents none (no published Voxology source shows
 * one), so this is callspec's.
 */
export const ApiErrorSchema = z.looseObject({ error: z.string(), message: z.string() })

export type SayAction = z.infer<typeof SayActionSchema>
export type PlayAction = z.infer<typeof PlayActionSchema>
export type PromptAction = z.infer<typeof PromptActionSchema>
export type CollectAction = z.infer<typeof CollectActionSchema>
export type ConferenceAction = z.infer<typeof ConferenceActionSchema>
export type LabelAction = z.infer<typeof LabelActionSchema>
export type GotoAction = z.infer<typeof GotoActionSchema>
export type IfAction = z.infer<typeof IfActionSchema>
export type SessionDataAction = z.infer<typeof SessionDataActionSchema>
export type RedirectAction = z.infer<typeof RedirectActionSchema>
export type HangupAction = z.infer<typeof HangupActionSchema>
export type DialAction = z.infer<typeof DialActionSchema>
export type RecordAction = z.infer<typeof RecordActionSchema>
export type QueueAction = z.infer<typeof QueueActionSchema>
export type DetectAction = z.infer<typeof DetectActionSchema>
export type Action = z.infer<typeof ActionSchema>
export type ActionType = Action['type']
export type Script = z.infer<typeof ScriptSchema>
export type KeyPress = z.infer<typeof KeyPressSchema>
export type Recording = z.infer<typeof RecordingSchema>
export type CallbackRequest = z.infer<typeof CallbackRequestSchema>
export type MakeCallRequest = z.infer<typeof MakeCallRequestSchema>
export type CallLog = z.infer<typeof CallLogSchema>

/** Action type → action: what `expectAction` autocompletes for this platform. */
export type VoxologyActions = {
  SAY: SayAction
  PLAY: PlayAction
  COLLECT: CollectAction
  CONFERENCE: ConferenceAction
  LABEL: LabelAction
  GOTO: GotoAction
  IF: IfAction
  SESSIONDATA: SessionDataAction
  REDIRECT: RedirectAction
  HANGUP: HangupAction
  DIAL: DialAction
  RECORD: RecordAction
  QUEUE: QueueAction
  DETECT: DetectAction
}
