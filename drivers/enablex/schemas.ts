/**
 * EnableX Voice API (v1 routes) payloads as zod schemas. Every schema names the EnableX source it
 * encodes (its Voice API Routes, events, guides and samples), or says it is inferred.
 *
 * Strictness by direction: what the app sends (REST request bodies) is strict, so a typo such as
 * `prompt_reff` fails the test instead of being silently ignored; events (what the platform posts)
 * are loose, so recorded real payloads with newer fields validate.
 */
import * as z from 'zod'

/**
 * A number: the docs say only "CLI number" / "Destination number" (a string). Samples write digits
 * without `+`, the new docs mention E.164; a number of another shape is the inferred rule
 * enablex/phone-number (validate.ts `formatIssues`), not a schema error (EnableX's Voice API
 * overview).
 */
const Phone = z.string()
/**
 * `to` of connect may also be a SIP URI (enablex/phone-number accepts one there) (EnableX's Voice
 * API Routes, Connect).
 */
const Destination = Phone
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
const IsoTime = z.iso.datetime({ offset: true })
/**
 * 1–10 s, documented for start_timeout and recognizer_timeout (EnableX's Voice API Routes, Play).
 */
const Seconds1To10 = z.int('expected whole seconds').min(1, 'must be 1–10 seconds').max(10, 'must be 1–10 seconds')

// ── Advanced TTS (EnableX's Voice API Routes, Make Call, "Advanced TTS") ─────────────────────────

/**
 * A silence or break duration: a string as the example writes (`"2000ms"`), or a number. The docs
 * give no type or format (their table says only "below 5000", in "microseconds"): a value other
 * than `"2000ms"`, a number included, is the inferred rule enablex/tts-duration (validate.ts
 * `durationIssues`), read as best callspec can (audio.ts `ttsDurationMs`). A number failed here as
 * the docs' ("expected string"), where the unitless "2000" only warned (audit h179).
 */
const Duration = z.union([z.string(), z.number()], { error: 'expected a duration such as "2000ms"' })

/**
 * break: its duration is `value` in the docs' JSON example and `time` in their field table: the
 * sources disagree, so either is read (`value` first). Below 5000 is documented ("microseconds",
 * written like "2000ms"): checked on a value in that documented form.
 */
const BreakSchema = z
  .looseObject({ value: Duration.optional(), time: Duration.optional() })
  .superRefine((brk, ctx) => {
    const key = brk.value !== undefined ? 'value' : brk.time !== undefined ? 'time' : undefined
    if (!key) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'break needs its duration, such as "2000ms", in value (the docs\' JSON example) or time (their field table)' })
      return
    }
    const said = brk[key]!
    const ms = typeof said === 'number' ? said : /^\d+(?:ms)?$/.test(said) ? parseInt(said, 10) : undefined
    if (ms !== undefined && ms >= 5000) ctx.addIssue({ code: 'custom', path: [key], message: 'a break must be below 5000ms' })
  })

/**
 * say-as formats, by `interpret-as`: the docs list formats for these only, and say "include format
 * only where listed". `telephone` takes a country code, whose spelling they do not show: any text.
 */
export const SAY_AS_FORMATS: Partial<Record<string, readonly string[] | 'any'>> = {
  date: ['dmy', 'mdy', 'ymd', 'ydm', 'ym', 'my', 'md', 'dm', 'd', 'm', 'y'],
  time: ['hms12', 'hms24'],
  duration: ['hms', 'hm', 'ms'],
  telephone: 'any',
}

const LISTED_FORMATS = 'format is listed for date (dmy, mdy, ymd, ydm, ym, my, md, dm, d, m, y), time (hms12, hms24), duration (hms, hm, ms) and telephone (a country code) only'

/**
 * say-as: `interpret-as` required; `format` only where the docs list one, and one of those listed
 * (EnableX's Voice API Routes, Make Call).
 */
export const SayAsSchema = z
  .looseObject({
    'interpret-as': z.enum([
      'characters', 'spell-out', 'cardinal', 'number', 'ordinal', 'number_digit', 'fraction', 'date', 'time',
      'duration', 'telephone', 'currency', 'address', 'name',
    ]),
    format: z.string().optional(),
    text: z.string().optional(),
  })
  .superRefine((sayAs, ctx) => {
    if (sayAs.format === undefined) return
    const kind = sayAs['interpret-as']
    const formats = SAY_AS_FORMATS[kind]
    if (formats === 'any') return
    // The issue's "(received …)" is added where issues are formatted.
    if (!formats) {
      ctx.addIssue({ code: 'custom', path: ['format'], message: `say-as ${kind} takes no format: ${LISTED_FORMATS}` })
    } else if (!formats.includes(sayAs.format)) {
      ctx.addIssue({ code: 'custom', path: ['format'], message: `say-as ${kind} takes format ${formats.slice(0, -1).join(', ')} or ${formats.at(-1)!}` })
    }
  })

/**
 * SSML-like JSON; numbered keys `text`, `text2`… are fragments spoken in order (EnableX's Voice API
 * Routes, Make Call).
 */
export const TextToSpeechOptionSchema: z.ZodType<Record<string, unknown>> = z.lazy(() =>
  z.looseObject({
    // The table lists a silence's keys (type, value) and requires neither: one with no value adds no
    // pause, a warning under the inferred enablex/tts-duration (validate.ts durationIssues).
    silence: z.looseObject({ type: z.string().optional(), value: Duration.optional() }).optional(),
    break: BreakSchema.optional(),
    'express-as': z
      .looseObject({ style: z.enum(['advertisement_upbeat', 'cheerful', 'customerservice', 'friendly', 'gentle']), text: z.string().optional() })
      .optional(),
    prosody: TextToSpeechOptionSchema.optional(),
    'say-as': SayAsSchema.optional(),
  }),
)

// ── REST request bodies (app → EnableX, EnableX's Voice API Routes) ──────────────────────────────

const playFields = {
  /** No minimum length is documented for either: an empty one is the inferred rule enablex/empty-text (validate.ts `formatIssues`). */
  prompt_name: z.string().optional(),
  text: z.string().optional(),
  /**
   * Unsupported voices are the vendor's 406 / 6117 answer, not a schema error (EnableX's Voice API
   * Routes, Play).
   */
  voice: z.enum(['male', 'female']).optional(),
  /** "string (e.g. `en-US`)": no list or format is published; a string not shaped like a language tag is the inferred rule enablex/language-tag. */
  language: z.string().optional(),
  /**
   * Echoed in play events as a string; numbers are accepted and echoed as strings (EnableX's play
   * and voice-menu events).
   */
  prompt_ref: z.union([z.string(), z.number()]).optional(),
  dtmf: z.boolean().optional(),
  asr: z.boolean().optional(),
  start_timeout: Seconds1To10.optional(),
  recognizer_timeout: Seconds1To10.optional(),
  text_to_speech_option: TextToSpeechOptionSchema.optional(),
  /**
   * Undocumented; EnableX's inbound sample sends `interrupt: false` (no barge-in) (EnableX's Voice
   * API Routes, Play).
   */
  interrupt: z.boolean().optional(),
}

/**
 * A play needs something to play: `text`, `prompt_name` or `text_to_speech_option`; `voice` is
 * required with `text` only (EnableX's Voice API Routes, Play: a `{text_to_speech_option}` play is
 * one of the three forms its Make Call section lists, without a voice). A body with more than one
 * is not refused here: which one EnableX plays is not documented (rule enablex/one-prompt,
 * inferred; validate.ts `promptIssue`).
 */
const playRules = <T extends z.ZodType<{ text?: string; prompt_name?: string; voice?: string; text_to_speech_option?: unknown }>>(schema: T) =>
  schema.superRefine((play, ctx) => {
    const sources = (['text', 'prompt_name', 'text_to_speech_option'] as const).filter((k) => play[k] !== undefined)
    if (sources.length === 0) ctx.addIssue({ code: 'custom', path: ['text'], message: 'play needs one of text, prompt_name or text_to_speech_option' })
    if (play.text !== undefined && play.voice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['voice'], message: 'voice (male or female) is required with text' })
    }
  })

/**
 * `PUT /voice/v1/call/{voice_id}/play`: a prompt, optionally a DTMF menu or speech recognition
 * (EnableX's Voice API Routes, Play).
 */
export const PlayRequestSchema = playRules(z.strictObject(playFields))

/** `PUT …/connect`: bridge the call to another party (EnableX's Voice API Routes, Connect). */
export const ConnectRequestSchema = z.strictObject({ from: Phone, to: Destination })

/**
 * `PUT …/transfer`: attended transfer of a bridged call (EnableX's Voice API Routes, Transfer). The
 * reference shows `from` and `transfer_to` and marks neither required: one without `from` is the
 * inferred rule enablex/transfer-from (validate.ts `formatIssues`), not a schema error.
 */
export const TransferRequestSchema = z.strictObject({ from: Phone.optional(), transfer_to: Destination })

/**
 * `PUT …/forward`: forward the bridged leg; both fields mandatory (EnableX's Voice API Routes,
 * Forward).
 */
export const ForwardRequestSchema = z.strictObject({ from: Phone, to: Destination })

/**
 * `POST …/hold`: `true` holds (music on hold), `false` resumes (EnableX's Voice API Routes, Hold).
 */
export const HoldRequestSchema = z.strictObject({ hold: z.boolean() })

/**
 * `PUT …/recording`: `{start, recording_name?}` or `{stop}`. EnableX's Voice API Routes, Recording
 * types start and stop as booleans and shows only `true`; a `false` (what it does is not
 * documented) is the inferred rule enablex/recording-false (validate.ts `formatIssues`): no start,
 * no stop (commands.ts `recording`). A body with both flags is read here too: EnableX's Voice API
 * Routes, Recording shows the two bodies apart and says nothing of one holding both, so it is the
 * inferred rule enablex/start-and-stop (a warning), not a schema error. A stop naming a
 * recording_name is read too: EnableX's Voice API Routes, Recording shows the stop body without one
 * but types the field optional and rules out nothing, so it is the inferred rule
 * enablex/stop-recording-name (helper-127 finding 3: it was refused here, under the documented,
 * fixed enablex/request-schema).
 */
export const RecordingRequestSchema = z
  // One object, not a union of the three bodies: a field of the wrong type is then named (audit-112
  // F6: `recording_name: 5` was refused as "Invalid parameter: (body)"). The shapes are checked below.
  // No minimum length is documented for recording_name: an empty one is the inferred rule enablex/empty-name (validate.ts `formatIssues`).
  .strictObject({ start: z.boolean().optional(), stop: z.boolean().optional(), recording_name: z.string().optional() })
  .superRefine((body, ctx) => {
    // The field table of EnableX's Voice API Routes, Recording: start is required "for start", stop
    // "for stop": a body with neither asks for nothing the platform can run.
    if (body.start === undefined && body.stop === undefined) ctx.addIssue({ code: 'custom', message: 'a recording request holds start or stop', path: [] })
  })

/**
 * `PUT …/accept` and `DELETE /voice/v1/call/{voice_id}` carry no body; `{}` is tolerated (EnableX's
 * Voice API Routes, Accept and Hang up).
 */
export const EmptyBodySchema = z.strictObject({})

/**
 * Each shape of action_on_connect, by its one key. EnableX's Voice API Routes, Make Call Each may
 * also hold `event_url`: EnableX's field table lists it there (`action_on_connect.event_url`), its
 * JSON example and samples put it at the top level. A call reads it from either (rule
 * enablex/event-url-placement, inferred: a warning; validate.ts `checkMakeCall` takes it out before
 * these shapes see the body), so these exported shapes accept it where the table puts it.
 */
export const ACTION_ON_CONNECT = {
  play: z.strictObject({ play: playRules(z.strictObject(playFields)), event_url: HttpUrl.optional() }),
  connect: z.strictObject({ connect: z.strictObject({ from: Phone, to: Destination }), event_url: HttpUrl.optional() }),
  // room_id is a string with no documented minimum length: an empty one is the inferred rule enablex/empty-name (validate.ts `formatIssues`).
  room: z.strictObject({ room: z.strictObject({ room_id: z.string() }), event_url: HttpUrl.optional() }),
}

/**
 * action_on_connect: one of play, connect, room (EnableX's Voice API Routes, Make Call), or only
 * the event_url the field table lists there, or nothing (`{}`): the callee answers and nothing
 * runs. The field is optional and "one of" is inferred, so a call places a body with none, with a
 * warning (rule enablex/one-action-on-connect, validate.ts `noActionOnConnect`).
 */
export const ActionOnConnectSchema = z.union([ACTION_ON_CONNECT.play, ACTION_ON_CONNECT.connect, ACTION_ON_CONNECT.room, z.strictObject({ event_url: HttpUrl.optional() })])

/**
 * `POST /voice/v1/call` as a call reads it once an event_url under action_on_connect is moved to
 * the top level (validate.ts `checkMakeCall`): `event_url` at the top level, as the samples do
 * (EnableX's Voice API Routes, Make Call). "event_url | string URL | yes for outbound events |
 * Where events are POSTed": events need it, and the docs do not say that EnableX refuses a call
 * without one. So a body without one is read (no events are sent), and the inferred rule
 * enablex/make-call-without-event-url warns of it (validate.ts `missingEventUrl`; strict refuses
 * it).
 */
export const MakeCallFieldsSchema = z.strictObject({
  name: z.string().optional(),
  owner_ref: z.string().optional(),
  auto_record: z.boolean().optional(),
  from: Phone,
  to: Phone,
  action_on_connect: ActionOnConnectSchema.optional(),
  event_url: HttpUrl.optional().describe('Where EnableX posts the call\'s events ("yes for outbound events"): without it, at either level, the app hears of none'),
})

/**
 * `POST /voice/v1/call`: place an outbound call. EnableX's Voice API Routes, Make Call `event_url`
 * at the top level (the JSON example, the samples) or under action_on_connect (the field table):
 * the same bodies a call accepts, where the one under action_on_connect warns (rule
 * enablex/event-url-placement, inferred), and one with neither too (rule
 * enablex/make-call-without-event-url, inferred).
 */
export const MakeCallRequestSchema = MakeCallFieldsSchema

// ── Events (EnableX → app, EnableX's Voice API events) ───────────────────────────────────────────

/**
 * `timestamp`, or `timeStamp`: EnableX's hangup sample (EnableX's call progress events) and some
 * REST answers spell it so, a variant of the same field. One of them is required (stamped).
 * Measured (audit-76 V4): validate rejected the vendor's own hangup sample.
 */
const base = { voice_id: z.string().min(1), timestamp: IsoTime.optional(), timeStamp: IsoTime.optional(), owner_ref: z.string().optional() }
const NO_TIME = "expected an ISO 8601 time in timestamp (or timeStamp, the spelling of EnableX's hangup sample)"

/** An event with `timestamp` or its variant `timeStamp`. */
function stamped<S extends z.ZodObject>(schema: S): S {
  return schema.superRefine((event, ctx) => {
    const { timestamp, timeStamp } = event as { timestamp?: unknown; timeStamp?: unknown }
    if (timestamp === undefined && timeStamp === undefined) ctx.addIssue({ code: 'custom', path: ['timestamp'], message: NO_TIME })
  }) as S
}
const parties = { from: z.string(), to: z.string() }

/**
 * EnableX's incoming-call events (spelling variants `Incomingcall` and `incoming call` are seen in
 * the wild).
 */
export const IncomingCallEventSchema = stamped(z.looseObject({
  ...base,
  ...parties,
  state: z.enum(['incomingcall', 'Incomingcall', 'incoming call']),
  channel_id: z.string().optional(),
}))

/** Call progress and end (EnableX's call progress events). */
export const CallStateEventSchema = stamped(z.looseObject({
  ...base,
  ...parties,
  state: z.enum(['ringing', 'connected', 'disconnected', 'failed']),
  disconnect_reason: z.string().optional(),
  recording_url: z.string().optional(),
  recording_duration: z.int().min(0).optional(),
  room_id: z.string().optional(),
}))

/**
 * Prompt and voice-menu results; `prompt_ref` is a string (EnableX's play and voice-menu events).
 */
export const PlayEventSchema = stamped(z.looseObject({
  ...base,
  ...parties,
  playstate: z.enum(['playfinished', 'digitcollected', 'menutimeout', 'failed']),
  prompt_ref: z.string().optional(),
  /**
   * A string of keys; the API reference's sample shows a bare number (`12345`), so a whole number
   * is accepted too (EnableX's play and voice-menu events).
   */
  digit: z.union([z.string().regex(/^[0-9*#]+$/, 'expected the keys pressed, such as "12#"'), z.int().min(0)]).optional(),
  /**
   * The IVR guide's names for the keys and the play (the API reference shows `digit` only)
   * (EnableX's play and voice-menu events).
   */
  digits: z.string().regex(/^[0-9*#]+$/).optional(),
  play_id: z.string().optional(),
}))

/** Speech recognition results of a play with asr (EnableX's speech recognition events). */
export const SpeechEventSchema = stamped(z.looseObject({
  ...base,
  ...parties,
  state: z.enum(['recognized', 'timeout', 'unrecognized']),
  text: z.string().optional(),
  reason: z.string().optional(),
  playstate: z.string().optional(),
  prompt_ref: z.string().optional(),
}))

/** Keys pressed while bridged (EnableX's DTMF events on a bridged call). */
export const DtmfEventSchema = stamped(z.looseObject({ ...base, state: z.literal('dtmfcollected'), digit: z.string().regex(/^[0-9*#]+$/) }))

/** Bridge progress (EnableX's bridge events). */
export const BridgeEventSchema = stamped(z.looseObject({
  ...base,
  ...parties,
  state: z.enum(['initiated', 'bridging', 'bridged', 'failed', 'bridge_disconnected']),
}))

/** Recording progress (EnableX's recording events). */
export const RecordingEventSchema = stamped(z.looseObject({ ...base, state: z.enum(['started', 'completed', 'failed']), description: z.string() }))

/**
 * Transfer / forward progress: not documented; bridge-event shape with the REST `status` enum
 * (EnableX's transfer and forward events, inferred).
 */
export const TransferEventSchema = stamped(z.looseObject({
  ...base,
  ...parties,
  state: z.enum(['transfer', 'forward']),
  status: z.enum(['initiated', 'success', 'failed']),
}))

/** Hold / unhold: not documented (EnableX's Voice API Routes, Hold, inferred). */
export const HoldEventSchema = stamped(z.looseObject({ ...base, state: z.enum(['hold', 'unhold']) }))

/**
 * Anything EnableX posts to event_url (or `{encrypted_data}` when webhook encryption is on,
 * EnableX's Secure Webhooks guide).
 */
/** The events that carry a `state`, each with the values it takes (play events carry `playstate` instead). */
export const STATE_EVENTS = [
  IncomingCallEventSchema,
  CallStateEventSchema,
  SpeechEventSchema,
  DtmfEventSchema,
  BridgeEventSchema,
  RecordingEventSchema,
  TransferEventSchema,
  HoldEventSchema,
] as const

export const EventSchema = z.union([...STATE_EVENTS, PlayEventSchema])

/** The body of an encrypted event (EnableX's Secure Webhooks guide). */
export const EncryptedEventSchema = z.looseObject({ encrypted_data: z.string().min(1) })

// ── REST answers (EnableX's Voice API Routes; EnableX's Voice API error codes) ───────────────────

/** 200 answer to make-call (EnableX's Voice API Routes, Make Call). */
export const MakeCallResponseSchema = z.looseObject({
  voice_id: z.string(),
  state: z.enum(['initiated', 'failed']),
  from: z.string(),
  to: z.string(),
  owner_ref: z.string().optional(),
  timestamp: IsoTime,
})

/**
 * Error body of the REST API: `result` is a code (a number or, in some docs, a string) (EnableX's
 * Voice API error codes).
 */
export const ApiErrorSchema = z.looseObject({ result: z.union([z.number(), z.string()]), msg: z.string() })

export type PlayRequest = z.infer<typeof PlayRequestSchema>
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>
export type TransferRequest = z.infer<typeof TransferRequestSchema>
export type ForwardRequest = z.infer<typeof ForwardRequestSchema>
export type HoldRequest = z.infer<typeof HoldRequestSchema>
export type RecordingRequest = z.infer<typeof RecordingRequestSchema>
export type MakeCallRequest = z.infer<typeof MakeCallRequestSchema>
/** A make-call request as a call runs it: event_url at the top level (validate.ts `checkMakeCall` moves one read from action_on_connect there). */
export type PlacedMakeCall = z.infer<typeof MakeCallFieldsSchema>
export type ActionOnConnect = z.infer<typeof ActionOnConnectSchema>
export type EmptyBody = z.infer<typeof EmptyBodySchema>
export type Event = z.infer<typeof EventSchema>

/** Each value of `K` an event of `U` takes, mapped to that event with `K` narrowed to it. */
type EventsBy<U, K extends keyof U & string> = {
  [N in U extends unknown ? Extract<U[K], string> : never]: U extends unknown ? (N extends U[K] ? U & { [P in K]: N } : never) : never
}
type StateEvent = z.infer<(typeof STATE_EVENTS)[number]>
type StateEvents = EventsBy<StateEvent, 'state'>
type WirePlayEvents = EventsBy<z.infer<typeof PlayEventSchema>, 'playstate'>
/**
 * The play events as callspec sends them: a `digitcollected` always carries the keys as a string in
 * both `digit` and `digits` (media/play.ts, BEHAVIOUR.digitcollectedKeys). The wire schema also takes
 * a bare number and either name alone (EnableX's sources differ), so `call.event('digitcollected').digit`
 * was `string | number | undefined`, and `const keys: string = ….digit` failed to compile (audit h199).
 */
type PlayEvents = Omit<WirePlayEvents, 'digitcollected'> & { digitcollected: WirePlayEvents['digitcollected'] & { digit: string; digits: string } }

/**
 * Event name (its `playstate`, else its `state`; a speech result's `state`, as the transcript
 * names it: summaries.ts `eventName`) → its body: what `call.event()` autocompletes for this
 * platform. `failed` is a call's, a play's or a bridge's.
 */
export type EnableXEvents = {
  [N in keyof StateEvents | keyof PlayEvents]: (N extends keyof StateEvents ? StateEvents[N] : never) | (N extends keyof PlayEvents ? PlayEvents[N] : never)
}

/**
 * REST route → request body: what `expectAction` autocompletes for this platform. Each action
 * is one accepted REST request; its body (`{}` for accept and hangup) is what the match checks.
 */
export type EnableXActions = {
  'make-call': MakeCallRequest
  accept: EmptyBody
  play: PlayRequest
  connect: ConnectRequest
  transfer: TransferRequest
  forward: ForwardRequest
  hold: HoldRequest
  recording: RecordingRequest
  hangup: EmptyBody
}

/** The request schema of each action route. */
export const REQUEST_SCHEMAS = {
  'make-call': MakeCallRequestSchema,
  accept: EmptyBodySchema,
  play: PlayRequestSchema,
  connect: ConnectRequestSchema,
  transfer: TransferRequestSchema,
  forward: ForwardRequestSchema,
  hold: HoldRequestSchema,
  recording: RecordingRequestSchema,
  hangup: EmptyBodySchema,
} as const satisfies { [K in keyof EnableXActions]: z.ZodType<EnableXActions[K]> }

export type ActionName = keyof EnableXActions

/** `{ action: <route>, body }`: one REST command as `validate('enablex', 'action', …)` reads it. */
export const ActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('make-call'), body: MakeCallRequestSchema }),
  z.strictObject({ action: z.literal('accept'), body: EmptyBodySchema.optional() }),
  z.strictObject({ action: z.literal('play'), body: PlayRequestSchema }),
  z.strictObject({ action: z.literal('connect'), body: ConnectRequestSchema }),
  z.strictObject({ action: z.literal('transfer'), body: TransferRequestSchema }),
  z.strictObject({ action: z.literal('forward'), body: ForwardRequestSchema }),
  z.strictObject({ action: z.literal('hold'), body: HoldRequestSchema }),
  z.strictObject({ action: z.literal('recording'), body: RecordingRequestSchema }),
  z.strictObject({ action: z.literal('hangup'), body: EmptyBodySchema.optional() }),
])
