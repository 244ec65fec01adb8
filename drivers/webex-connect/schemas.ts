/**
 * Webex Connect Voice API v1 payloads as zod schemas. Every schema names the Webex Connect source
 * it encodes (its Voice API v1 reference, events and actions docs, SDKs), or says it is inferred.
 *
 * Strictness by direction: what the app answers (actions) and sends (make-call) is strict, so a
 * typo such as `colectInput` fails the test instead of being silently dropped by the platform;
 * events (what the platform sends) are loose, so recorded real payloads with newer fields validate.
 */
import * as z from 'zod'
import { onFirstUse } from '../../src/utils/on-first-use.js'

const E164_NUMBER = /^\+[1-9]\d{6,14}$/
const E164_MESSAGE = 'expected an E.164 number such as +14155550100'
const E164 = z.string().regex(E164_NUMBER, E164_MESSAGE)
const DtmfKey = z.string().regex(/^[0-9*#]$/, 'expected one DTMF key: 0-9, * or #')
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })

// ── Audio (Webex Connect's Audio object) ─────────────────────────────────────────────────────────

/**
 * A URL whose extension names an audio format other than the documented .wav and .mp3. The docs
 * name the two formats (Webex Connect's Audio object), not that the platform refuses another one,
 * nor how it tells a file's format: such a URL, like one with no extension, is the inferred rule
 * webex-connect/audio-file-type (soft-checks.ts), a warning by default.
 */
export const OTHER_AUDIO_FORMAT = /\.(ogg|oga|opus|m4a|aac|flac|wma|amr|webm|mp4|3gp|aiff?|caf)$/i

/**
 * Audio file by URL; the docs name .wav and .mp3 (checked by the inferred rule
 * webex-connect/audio-file-type) (Webex Connect's Audio object).
 */
export const UrlAudioSchema = z.strictObject({
  type: z.literal('URL'),
  location: HttpUrl,
})

/**
 * Text to speech. Only `text` is required; the platform falls back to its defaults for the rest
 * (Webex Connect's Audio object).
 */
export const TtsAudioSchema = z.strictObject({
  type: z.literal('TTS'),
  // Non-empty, as documented; text of spaces only is not empty, and is the inferred rule
  // webex-connect/blank-text (soft-checks.ts), read after the trim.
  text: z.string().min(1, 'TTS text must not be empty').trim(),
  textFormat: z.enum(['TEXT', 'SSML']).optional(),
  style: z.string().optional(),
  language: z.string().optional(),
  voice: z.string().optional(),
  gender: z.enum(['MALE', 'FEMALE']).optional(),
  engine: z.string().optional(),
})

/**
 * Audio uploaded to the portal's voice media, by id. A string with no minimum length documented: an
 * empty one is the inferred rule webex-connect/empty-media-id (soft-checks.ts) (Webex Connect's
 * Audio object).
 */
export const MediaAudioSchema = z.strictObject({
  type: z.literal('MEDIA'),
  mediaId: z.string(),
})

export const AudioSchema = z.discriminatedUnion('type', [UrlAudioSchema, TtsAudioSchema, MediaAudioSchema])

// ── Actions (Webex Connect's voice actions docs) ─────────────────────────────────────────────────

/** Valid only in reply to ACCEPTED (Webex Connect's ANSWER action). */
export const AnswerActionSchema = z.strictObject({ action: z.literal('ANSWER') })

/** SDK name for ending the call (Webex Connect's HANGUP / REJECT action). */
export const HangupActionSchema = z.strictObject({ action: z.literal('HANGUP'), reason: z.string().optional() })

/** The docs' name for the same action (Webex Connect's HANGUP / REJECT action). */
export const RejectActionSchema = z.strictObject({ action: z.literal('REJECT'), reason: z.string().optional() })

/** DTMF collection of a PLAY: result COLLECTED_DIGITS (Webex Connect's PLAY action). */
export const CollectInputSchema = z.strictObject({
  /** 0 (default): any length, ended by the termination digit or the timeout. */
  maxDigits: z.int().min(0).optional(),
  /** Seconds without a new digit before collection stops (default 5). No bound documented: see soft-checks.ts. */
  digitTimeout: z.int().optional(),
  terminationDigit: DtmfKey.optional(),
})

/**
 * Speech recognition of a PLAY: result STREAMED. Note the vendor's spelling `singleUtterence`
 * (Webex Connect's PLAY action).
 */
export const StreamInputSchema = z.strictObject({
  // Numbers: the docs state neither type nor unit (their example sends 20 and 5). Integer seconds
  // is callspec's inference, graded as such (webex-connect/stream-timeout-integer), and no bound is
  // documented (webex-connect/timeouts-positive): see soft-checks.ts.
  timeout: z.number().optional(),
  maxsilence: z.number().optional(),
  model: z.string().optional(),
  language: z.string().optional(),
  asrEngine: z.string().optional(),
  recordStream: z.boolean().optional(),
  singleUtterence: z.boolean().optional(),
  alternateLanguages: z.array(z.string()).optional(),
})

/** Plays audio in order; optionally collects digits or speech (Webex Connect's PLAY action). */
export const PlayActionSchema = z.strictObject({
  action: z.literal('PLAY'),
  audio: z.array(AudioSchema).min(1, 'PLAY needs at least one audio item'),
  recordCall: z.boolean().optional(),
  collectInput: CollectInputSchema.optional(),
  streamInput: StreamInputSchema.optional(),
})

/**
 * Dials a B-party and bridges it to the caller ("trombone"): result PATCHED (Webex Connect's PATCH
 * action).
 */
export const PatchActionSchema = z.strictObject({
  action: z.literal('PATCH'),
  // Required by the SDKs (rule webex-connect/sdk-constraints): said as what is missing, not zod's "expected string".
  dialedNumber: z.string({ error: (issue) => (issue.input === undefined ? 'PATCH needs dialedNumber, the number to dial' : undefined) }).regex(E164_NUMBER, E164_MESSAGE),
  patchCallerId: E164.optional(),
  recordCall: z.boolean().optional(),
  holdAudio: AudioSchema.optional(),
  greetingAudio: AudioSchema.optional(),
  greetingRepeatCount: z.int().min(0).optional(),
  patchDigit: DtmfKey.nullable().optional(),
  passDtmf: z.boolean().optional(),
})

/**
 * Plays an optional prompt, then records the caller: result RECORDED (Webex Connect's RECORD
 * action).
 */
export const RecordActionSchema = z.strictObject({
  action: z.literal('RECORD'),
  /**
   * The prompt played before recording: the Node SDK requires at least one item, the Java SDK
   * makes audio optional. With the evidence split, an empty list is no schema error: it is the
   * inferred rule webex-connect/record-empty-audio (soft-checks.ts), recorded with no prompt.
   */
  audio: z.array(AudioSchema).optional(),
  /** No bound documented: see soft-checks.ts. */
  timeoutSeconds: z.int().optional(),
  terminationDigit: DtmfKey.optional(),
})

/** One action per webhook response, tagged by `action` (Webex Connect's voice actions docs). */
export const ActionSchema = z.discriminatedUnion('action', [
  AnswerActionSchema,
  PlayActionSchema,
  PatchActionSchema,
  RecordActionSchema,
  HangupActionSchema,
  RejectActionSchema,
])

// ── Events (Webex Connect's voice events docs) ───────────────────────────────────────────────────

/**
 * The event schemas, built on first use: a call parses the app's actions, never the events it
 * sends, so only `validate(…, 'event', …)`, the JSON Schemas and the driver's subpath build these.
 * Built at load, they (and the zod code only they run) cost every fresh process's first call about
 * 5-13 ms of its ~280 (fresh processes, interleaved, on a busy 2-core machine).
 */
export const eventSchemas = onFirstUse(() => {
  /**
   * A number in an event: E.164, or E.164 with digits masked by X as in the docs' own samples
   * (`+4475XXXXXXXX`, `+120XXX4345`). Events are what the platform sends: `validate('webex-connect',
   * 'event', …)` checks fixtures, and a fixture copied from the docs is the vendor's own payload.
   */
  const EventNumber = z
    .string()
    .regex(/^\+[1-9][\dXx]{6,14}$/, 'expected an E.164 number such as +14155550100 (digits masked with X, as in the docs\' samples, are accepted)')
  const IsoTime = z.iso.datetime({ offset: true })
  const Status = z.enum(['SUCCESS', 'FAILURE'])

  const ErrorSchema = z.looseObject({ code: z.string().optional(), message: z.string() })
  const base = {
    eventTime: IsoTime,
    sessionId: z.string().min(1),
    correlationId: z.string().optional(),
  }
  const media = { ...base, transactionId: z.string().min(1), status: Status, error: ErrorSchema.optional() }

  /** Inbound call offered (Webex Connect's ACCEPTED event). */
  const AcceptedEventSchema = z.looseObject({
    ...base,
    event: z.literal('ACCEPTED'),
    callerId: EventNumber,
    dialedNumber: EventNumber,
    offeredTime: IsoTime,
  })

  /** (Webex Connect's ANSWERED event). */
  const AnsweredEventSchema = z.looseObject({
    ...base,
    event: z.literal('ANSWERED'),
    callerId: EventNumber,
    dialedNumber: EventNumber,
    offeredTime: IsoTime,
    answeredTime: IsoTime,
  })

  /** Terminal (Webex Connect's DROPPED event). */
  const DroppedEventSchema = z.looseObject({
    ...base,
    event: z.literal('DROPPED'),
    status: Status,
    droppedBy: z.enum(['CALLER', 'CALLEE']).optional(),
    error: ErrorSchema.optional(),
  })

  /** (Webex Connect's PLAYED event). */
  const PlayedEventSchema = z.looseObject({ ...media, event: z.literal('PLAYED'), playedDuration: z.int().min(0) })

  /** (Webex Connect's STREAMED event). */
  const StreamedEventSchema = z.looseObject({
    ...media,
    event: z.literal('STREAMED'),
    callerId: EventNumber.optional(),
    dialedNumber: EventNumber.optional(),
    text: z.string().optional(),
  })

  /** (Webex Connect's RECORDED event). */
  const RecordedEventSchema = z.looseObject({
    ...media,
    event: z.literal('RECORDED'),
    recordingFileName: z.string().optional(),
    recordingLength: z.int().min(0).optional(),
  })

  /**
   * Webex Connect's PATCHED event — `ConnectedOn` with a capital C on the wire (the Java SDK reads
   * `connectedOn`).
   */
  const PatchedEventSchema = z.looseObject({
    ...media,
    event: z.literal('PATCHED'),
    ConnectedOn: IsoTime.optional(),
    connectedOn: IsoTime.optional(),
    recordingFileName: z.array(z.string()).optional(),
    droppedBy: z.enum(['CALLER', 'CALLEE']).optional(),
  })

  /**
   * Webex Connect's COLLECTED_DIGITS event — `digitsReceived` excludes the termination digit. The
   * prompt's length is `playedDuration` in the docs and `duration` in the Java SDK (Webex Connect's
   * docs and SDK disagree): either is read, and neither is required (Webex Connect's COLLECTED_DIGITS
   * event does not mark it so). callspec sends `playedDuration`.
   */
  const CollectedDigitsEventSchema = z.looseObject({
    ...media,
    event: z.literal('COLLECTED_DIGITS'),
    numOfDigits: z.int().min(0),
    digitsReceived: z.string().regex(/^[0-9*#]*$/),
    terminationDigit: DtmfKey.optional(),
    playedDuration: z.int().min(0).optional(),
    duration: z.int().min(0).optional(),
  })

  /** Webex Connect's VMDETECTED event — only when make-call asked for detectVoiceMail. */
  const VmDetectedEventSchema = z.looseObject({
    ...base,
    event: z.literal('VMDETECTED'),
    callerId: EventNumber,
    dialedNumber: EventNumber,
    transactionId: z.string().min(1),
  })

  /**
   * Webex Connect's failed-action events — the literal FAILURE event, sent only when the
   * `failureEvent: 'FAILURE'` option is on.
   */
  const FailureEventSchema = z.looseObject({
    ...base,
    event: z.literal('FAILURE'),
    status: z.literal('FAILURE'),
    transactionId: z.string().optional(),
    error: ErrorSchema,
  })

  const EventSchema = z.discriminatedUnion('event', [
    AcceptedEventSchema,
    AnsweredEventSchema,
    DroppedEventSchema,
    PlayedEventSchema,
    StreamedEventSchema,
    RecordedEventSchema,
    PatchedEventSchema,
    CollectedDigitsEventSchema,
    VmDetectedEventSchema,
    FailureEventSchema,
  ])

  return {
    AcceptedEventSchema,
    AnsweredEventSchema,
    DroppedEventSchema,
    PlayedEventSchema,
    StreamedEventSchema,
    RecordedEventSchema,
    PatchedEventSchema,
    CollectedDigitsEventSchema,
    VmDetectedEventSchema,
    FailureEventSchema,
    EventSchema,
  }
})

// ── REST (Webex Connect's Voice API v1 reference) ────────────────────────────────────────────────

/**
 * `POST /v1/voice/calls`. Webex Connect's Make Call API reference. `callbackUrl` is required by the
 * API reference and the SDKs but optional by the guide (Webex Connect's sources disagree): its
 * absence is the inferred rule webex-connect/make-call-callback-url.
 */
export const MakeCallRequestSchema = z.strictObject({
  callerId: E164,
  dialedNumber: E164,
  callbackUrl: HttpUrl.optional(),
  correlationId: z.string().optional(),
  recordCallSeconds: z.int().min(0).optional(),
  /** The docs: non-boolean values fall back to false, so any value is accepted. */
  detectVoiceMail: z.unknown().optional(),
  callbackUrlAuthId: z.string().optional(),
})

/**
 * `POST /v1/voice/messages`: a one-shot voice message (play & drop, not interactive). Webex
 * Connect's Make Call responses (its docs and SDKs): the body has callerId, dialedNumber, one Audio
 * object, correlationId, callbackUrl, callbackUrlAuthId. Which are required is not stated, so every
 * field is optional here, its type checked when it is there (rule
 * webex-connect/voice-message-schema); that the numbers and the audio are required (a message with
 * nothing to say or no one to say it to) is callspec's inference, its own rule
 * (webex-connect/voice-message-required, make-call.ts `checkVoiceMessage`).
 */
export const VoiceMessageRequestSchema = z.strictObject({
  callerId: E164.optional(),
  dialedNumber: E164.optional(),
  audio: AudioSchema.optional(),
  correlationId: z.string().optional(),
  callbackUrl: HttpUrl.optional(),
  callbackUrlAuthId: z.string().optional(),
})

/** 202 answer to make-call (Webex Connect's Make Call responses (its docs and SDKs)). */
export const MakeCallResponseSchema = z.looseObject({ sessionId: z.string(), status: z.enum(['QUEUED', 'FAILED']) })

/**
 * Error body of every REST error: `code` is a string (Webex Connect's Make Call responses (its docs
 * and SDKs); Webex Connect's common API error codes).
 */
export const ApiErrorSchema = z.looseObject({ code: z.string(), message: z.string() })

export type Audio = z.infer<typeof AudioSchema>
export type Action = z.infer<typeof ActionSchema>
export type AnswerAction = z.infer<typeof AnswerActionSchema>
export type PlayAction = z.infer<typeof PlayActionSchema>
export type PatchAction = z.infer<typeof PatchActionSchema>
export type RecordAction = z.infer<typeof RecordActionSchema>
export type HangupAction = z.infer<typeof HangupActionSchema>
export type RejectAction = z.infer<typeof RejectActionSchema>
export type Event = z.infer<ReturnType<typeof eventSchemas>['EventSchema']>
export type EventName = Event['event']
/** Event name → its body: what `call.event()` autocompletes for this platform, and the body it returns. */
export type WebexEvents = { [E in Event as E['event']]: E }
export type MakeCallRequest = z.infer<typeof MakeCallRequestSchema>
export type VoiceMessageRequest = z.infer<typeof VoiceMessageRequestSchema>

/** Action name → action type: what `expectAction` autocompletes for this platform. */
export type WebexActions = {
  ANSWER: AnswerAction
  PLAY: PlayAction
  PATCH: PatchAction
  RECORD: RecordAction
  HANGUP: HangupAction
  REJECT: RejectAction
}
