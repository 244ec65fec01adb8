/**
 * 8x8 Voice (Callflows API, VCA / VSS / VCS webhooks) payloads as zod schemas. Every schema names
 * the 8x8 source it encodes (its API reference, webhook guides, samples), or says it is inferred.
 *
 * Strictness by direction: what the app sends (callflows, in the REST request or a VCA answer) is
 * strict, so a typo such as `promtMessage` fails the test the way the vendor's JSON-schema check
 * does (-1009); what the platform sends (webhooks) is loose, so recorded real payloads with newer
 * fields validate. Rules the schema cannot say (voice profiles, digit dependencies, ordering)
 * live in check-callflow.ts with their status codes.
 */
import * as z from 'zod'

/**
 * MSISDN with or without `+` (8x8's makeCall reference). Its format is a -1017 / -1014 rule, not a
 * schema error.
 */
const Msisdn = z.string().min(1)
/**
 * Text spoken by TTS: max 3000 characters (8x8's say reference). No minimum is documented: an empty
 * one is the inferred rule 8x8/empty-text.
 */
const TtsText = z.string().max(3000)
/**
 * sayAndCapture's successMessage and failureMessage: TTS too, but the docs state the 3000-character
 * maximum only for promptMessage and say's text. That it holds here is callspec's inference, its
 * own rule 8x8/message-length (check-callflow.ts), not the documented schema's -1009 (audit F9).
 */
const CaptureMessage = z.string()
const VoiceProfile = z.string().min(1)
/** 1, 2 or 3 (8x8's say reference; 8x8's playFile reference). */
const Repetition = z.int().min(1).max(3)
/**
 * 0.5–2.0; the OpenAPI types it integer but the guide's samples use 1.0 (8x8's sources
 * disagree).
 */
const Speed = z.number().min(0.5).max(2)
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
const IsoTime = z.iso.datetime({ offset: true })

// ── Actions (8x8's callflow action reference) ────────────────────────────────────────────────────

/**
 * Dials a leg: the first makeCall of a session creates it, a second one bridges another party to
 * it. `callRecording` is for VCA answers only: Send Callflow allows two params (8x8's makeCall
 * reference).
 */
export const MakeCallActionSchema = z.strictObject({
  action: z.literal('makeCall'),
  params: z.strictObject({
    source: Msisdn,
    destination: Msisdn,
    callRecording: z.boolean().optional(),
  }),
})

/** Text to speech (8x8's say reference). */
export const SayActionSchema = z.strictObject({
  action: z.literal('say'),
  params: z.strictObject({
    text: TtsText,
    voiceProfile: VoiceProfile,
    repetition: Repetition.optional(),
    speed: Speed.optional(),
  }),
})

/**
 * A TTS prompt, then DTMF capture; the result is a VCA with `eventData.dtmf`. Timeouts are in
 * milliseconds. `repetition` is not in the schema but appears in the vendor's samples (8x8's
 * sayAndCapture reference).
 */
export const SayAndCaptureActionSchema = z.strictObject({
  action: z.literal('sayAndCapture'),
  params: z.strictObject({
    promptMessage: TtsText,
    voiceProfile: VoiceProfile,
    successMessage: CaptureMessage.nullable().optional(),
    failureMessage: CaptureMessage.nullable().optional(),
    speed: Speed.optional(),
    completeOnHash: z.boolean().optional(),
    minDigits: z.int().min(1).optional(),
    maxDigits: z.int().min(1).max(25).optional(),
    digitTimeout: z.int().min(1).optional(),
    overallTimeout: z.int().min(1).optional(),
    noOfTries: z.int().min(1).optional(),
    /**
     * In the samples (an integer), not the schema: any value reads here, and one that is not an
     * integer of 1 to 3 (4, 1.5, "2") is the inferred rule 8x8/capture-repetition
     * (check-callflow.ts), not this documented schema's -1009.
     */
    repetition: z.unknown().optional(),
  }),
})

/**
 * An mp3 or wav file the platform downloads (≤ 5120 KB, cached for an hour) (8x8's playFile
 * reference).
 */
export const PlayFileActionSchema = z.strictObject({
  action: z.literal('playFile'),
  params: z.strictObject({
    fileUrl: HttpUrl,
    repetition: Repetition.optional(),
  }),
})

/**
 * Disconnects every leg and ends the session. No params are documented; an empty `params: {}` (what
 * JSON builders that always write `params` send) is accepted (8x8's hangup reference), and
 * `params: null` read as none, with a warning (rule 8x8/null-params, check-callflow.ts).
 */
export const HangupActionSchema = z.strictObject({ action: z.literal('hangup'), params: z.strictObject({}).nullable().optional() })

/**
 * One element of a callflow, tagged by `action` (case-sensitive camelCase) (8x8's callflow action
 * reference).
 */
export const ActionSchema = z.discriminatedUnion('action', [
  MakeCallActionSchema,
  SayActionSchema,
  SayAndCaptureActionSchema,
  PlayFileActionSchema,
  HangupActionSchema,
])

// ── What the app sends (8x8's Send Callflow reference; 8x8's Responding to Call Action Request guide) ───

/**
 * `POST /api/v1/subaccounts/{subAccountId}/callflows`. 8x8's Send Callflow reference. A top-level
 * `clientActionId` is accepted: an 8x8 engineer's public sample sends one and documents the CREATED
 * answer.
 */
export const SendCallflowRequestSchema = z.strictObject({
  validUntil: IsoTime.optional(),
  clientActionId: z.string().optional(),
  callflow: z.array(ActionSchema).min(1),
})

/**
 * The app's HTTP 200 answer to a VCA webhook. `callflow: []` is accepted (nothing more to do)
 * (8x8's Responding to Call Action Request guide).
 */
export const VcaResponseSchema = z.strictObject({
  clientActionId: z.string().optional(),
  callflow: z.array(ActionSchema),
})

// ── REST answers (8x8's Send Callflow responses) ─────────────────────────────────────────────────

/** 200: the session was created (8x8's Send Callflow responses). */
export const CallflowCreatedSchema = z.looseObject({
  sessionId: z.string(),
  sessionStatus: z.literal('CREATED'),
  callFlowRequestId: z.string(),
  statusCode: z.literal(1),
  statusMessage: z.string(),
  validUntil: z.string().optional(),
})

/**
 * 400 / 401 / 404 / 422 / 500: no session; `statusCode` is the negative code or the HTTP status
 * (8x8's Send Callflow responses).
 */
export const CallflowRejectedSchema = z.looseObject({
  sessionStatus: z.literal('NOT_CREATED'),
  callFlowRequestId: z.string(),
  statusCode: z.int(),
  statusMessage: z.string(),
})

// ── Webhooks the platform sends (8x8's webhook guides) ───────────────────────────────────────────

const Direction = z.enum(['INBOUND', 'OUTBOUND'])
const LegStatus = z.enum(['COMPLETED', 'BUSY', 'NO_ANSWER', 'FAILED', 'CANCELED', 'CANCELLED', 'ERROR'])
const legFields = {
  callId: z.string().min(1),
  callDirection: Direction,
  callType: z.enum(['PSTN', 'VOIP']),
  source: z.string(),
  destination: z.string(),
  sourceFormat: z.string(),
  destinationFormat: z.string(),
  sourceCountryCode: z.string(),
  destinationCountryCode: z.string(),
  sourceRefId: z.string().nullable().optional(),
  destinationRefId: z.string().nullable().optional(),
}
/**
 * Seconds. The VCA field table types it String, the VCA sample sends an integer (8x8's Voice Call
 * Action webhook guide; VCS carries the VCA payload fields, 8x8's Voice Call Status webhook docs),
 * so both are accepted; the events callspec sends carry the sample's integer (payloads.ts).
 */
const CallDuration = z.union([z.int().min(0), z.string().regex(/^\d+$/, 'expected whole seconds, as an integer or a string of digits')])
const callEventFields = {
  ...legFields,
  eventId: z.string().min(1),
  sessionId: z.string().min(1),
  subAccountId: z.string().min(1),
  callDuration: CallDuration,
  sipCode: z.int(),
  timestamp: IsoTime,
}

/**
 * VCA payload: CALL_RECEIVED (inbound) or ACTION_COMPLETED; `eventData.dtmf` after sayAndCapture
 * (8x8's Voice Call Action webhook guide).
 */
export const VcaPayloadSchema = z.looseObject({
  ...callEventFields,
  callStatus: z.enum(['CALL_RECEIVED', 'ACTION_COMPLETED']),
  eventData: z.looseObject({ dtmf: z.string().nullable() }).optional(),
  clientActionId: z.string().optional(),
  /**
   * The flat place the VCA field table lists and 8x8's own sample server reads; callspec sends it
   * beside `eventData.dtmf` unless `vendor.flatDtmf` is false (8x8's Voice Call Action webhook
   * guide: its sample nests it, its table does not).
   */
  dtmf: z.string().nullable().optional(),
})

/** Voice Call Action webhook (8x8's Voice Call Action webhook guide). */
export const VcaWebhookSchema = z.looseObject({
  namespace: z.literal('VOICE'),
  eventType: z.literal('CALL_ACTION'),
  description: z.string(),
  payload: VcaPayloadSchema,
})

/**
 * One leg in a session summary (`details.callA`, `details.callB`) (8x8's Voice Session Summary
 * webhook guide).
 */
export const LegSummarySchema = z.looseObject({
  ...legFields,
  initiatedTimestamp: IsoTime,
  connectedTimestamp: IsoTime.optional(),
  disconnectedTimestamp: IsoTime,
  callStatus: LegStatus,
  callDuration: z.int().min(0),
  callQuality: z.looseObject({ mos: z.number().min(1).max(5), packetLossRate: z.number().min(0).max(1), jitter: z.int() }).optional(),
})

/**
 * Voice Session Summary: once, after the session ends (8x8's Voice Session Summary webhook guide).
 */
export const VssWebhookSchema = z.looseObject({
  namespace: z.literal('VOICE'),
  eventType: z.literal('SESSION_SUMMARY'),
  description: z.string(),
  version: z.int().optional(),
  payload: z.looseObject({
    sessionId: z.string().min(1),
    subAccountId: z.string().min(1),
    sessionStatus: z.enum(['COMPLETED', 'BUSY', 'NO_ANSWER', 'FAILED', 'CANCELED', 'CANCELLED', 'ERROR', 'COMPLETED_UNSUBSCRIBED', 'COMPLETED_UNSUB_ERROR', 'UNSUBSCRIBED_CONTACT']),
    startTime: IsoTime,
    endTime: IsoTime,
    lastAction: z.enum(['MAKE_CALL', 'SAY', 'SAY_AND_CAPTURE', 'PLAY_FILE', 'HANGUP']),
    callCount: z.int().min(0),
    clientRequestId: z.string().optional(),
    errorDetails: z.looseObject({ errorMsg: z.string(), errorCode: z.union([z.int(), z.string()]) }).optional(),
    details: z.record(z.string(), LegSummarySchema),
  }),
})

/**
 * Voice Call Status: progress of one leg, only when a VCS webhook is configured (8x8's Voice Call
 * Status webhook docs).
 */
export const VcsWebhookSchema = z.looseObject({
  namespace: z.literal('VOICE'),
  eventType: z.literal('CALL_STATUS'),
  description: z.string(),
  payload: z.looseObject({
    ...callEventFields,
    callStatus: z.enum(['CALL_INITIATED', 'CALL_RECEIVED', 'CALL_CONNECTED', 'CALL_DISCONNECTED', 'CALL_UPDATED', 'DTMF_RECEIVED']),
  }),
})

export type Action = z.infer<typeof ActionSchema>
export type ActionName = Action['action']
export type MakeCallAction = z.infer<typeof MakeCallActionSchema>
export type SayAction = z.infer<typeof SayActionSchema>
export type SayAndCaptureAction = z.infer<typeof SayAndCaptureActionSchema>
export type PlayFileAction = z.infer<typeof PlayFileActionSchema>
export type HangupAction = z.infer<typeof HangupActionSchema>
export type SendCallflowRequest = z.infer<typeof SendCallflowRequestSchema>
export type VcaResponse = z.infer<typeof VcaResponseSchema>
export type VcaWebhook = z.infer<typeof VcaWebhookSchema>
export type VcaPayload = z.infer<typeof VcaPayloadSchema>
export type VssWebhook = z.infer<typeof VssWebhookSchema>
export type VcsWebhook = z.infer<typeof VcsWebhookSchema>
export type LegSummary = z.infer<typeof LegSummarySchema>

/** Webhook name → its body: what `call.event()` autocompletes for this platform, and the body it returns. */
export type EightByEightEvents = {
  CALL_ACTION: VcaWebhook
  CALL_STATUS: VcsWebhook
  SESSION_SUMMARY: VssWebhook
}

/** Action name → action type: what `expectAction` autocompletes for this platform. */
export type EightByEightActions = {
  makeCall: MakeCallAction
  say: SayAction
  sayAndCapture: SayAndCaptureAction
  playFile: PlayFileAction
  hangup: HangupAction
}
