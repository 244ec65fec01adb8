/**
 * Every choice callspec makes where the Webex Connect docs are silent, in one object, so a
 * correction is a one-line change. Reasons are in behaviour.md beside this file.
 */
export const BEHAVIOUR = {
  /** ANSWER → ANSWERED. */
  answerDelayMs: 200,
  /** Make-call accepted → the callee picks up. */
  outboundRingMs: 4_000,
  /** A busy line answers fast. */
  busyAfterMs: 1_000,
  /** Ringing before the platform gives up on an unanswered number. */
  noAnswerAfterMs: 30_000,
  /** PATCH: ringing before the B-party answers. */
  patchRingMs: 3_000,
  /** VMDETECTED comes 5–7 s after answer (documented); the exact instant is seeded. */
  vmDetectAfterMs: [5_000, 7_000] as const,
  /** collectInput.digitTimeout default (SDK). */
  digitTimeoutS: 5,
  /** streamInput.timeout default: not documented. */
  streamTimeoutS: 10,
  /** RECORD.timeoutSeconds default: not documented. */
  recordTimeoutS: 30,
  /** Length of URL / MEDIA audio when the test does not say (vendor option audioDurationsMs). */
  defaultAudioMs: 3_000,
  /** TTS speaks about 150 words a minute. */
  ttsMsPerWord: 400,
  minPromptMs: 600,
  /** How long the caller takes to say a word. */
  speechMsPerWord: 350,
  /** A DROPPED follows the app's own HANGUP / REJECT (not documented either way). */
  dropAfterAppHangup: true,
  /**
   * The caller's side leaving a bridged PATCH sends PATCHED {droppedBy: "CALLER"} before DROPPED:
   * the docs' only PATCHED example carries droppedBy CALLER; its order before DROPPED is inferred.
   */
  patchedWhenCallerLeaves: true,
  recordingBaseUrl: 'https://recordings.webexconnect.io/voice-recordings',
  /** A make-call's Idempotency-Key is a duplicate "in the previous 1 hour" (documented); callspec keeps keys per call. */
  idempotencyWindowMs: 3_600_000,
  /**
   * Cause codes from the logbook table (Webex Connect's voice logbook codes) used for each way a
   * call or leg ends.
   */
  causes: {
    callerHangup: { code: '2008', message: 'Call Dropped by Network/End user' },
    appHangup: { code: '2005', message: 'End-user call dropped by platform' },
    appReject: { code: '2006', message: 'End-user call rejected by platform' },
    busy: { code: '2003', message: 'Subscriber busy' },
    noAnswer: { code: '2002', message: 'No answer from end user' },
    network: { code: '3002', message: 'No response from network' },
  },
  /** STREAMED failures: the docs' only example, and silence until the timeout. */
  speechErrors: {
    notRecognised: { message: 'HttpStream failed, error code 500' },
    timeout: { message: 'No speech detected before timeout' },
  },
} as const

/** Options of the Webex Connect simulation: `callTo(app, { platform: 'webex-connect', vendor: {…} })`. */
export interface WebexOptions {
  /** Length of audio files in ms, by URL or mediaId (default 3 s each). */
  audioDurationsMs?: Record<string, number>
  /**
   * How failed actions are reported: 'action-event' (default) sends the action's own event with
   * status FAILURE, as the docs' only example does; 'FAILURE' sends a literal FAILURE event.
   */
  failureEvent?: 'action-event' | 'FAILURE'
  /**
   * Which PATCHED a bridged PATCH sends. 'connect-and-end' (default): one when the B-party answers
   * (ConnectedOn) and one when the bridge ends (ConnectedOn, recordingFileName, droppedBy). 'end':
   * only the second, as the docs' one PATCHED example reads. The docs do not say whether one or two
   * are sent; both readings are callspec's (behaviour.md, "PATCHED, once or twice").
   */
  patchedEvents?: 'connect-and-end' | 'end'
  /** Accept the 2021 SDK shape with maxDigits/digitTimeout/terminationDigit at the top of PLAY. */
  legacyPlayInput?: boolean
  /** The service key the fake REST API accepts; any non-empty key when unset. */
  serviceKey?: string
  /** Make-call requests must carry an Idempotency-Key (the API reference marks it required). Default true. */
  requireIdempotencyKey?: boolean
}
