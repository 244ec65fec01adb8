import type { PlayRequest } from './schemas.js'
/**
 * Every choice callspec makes where the EnableX docs are silent, in one object, so a correction
 * is a one-line change. Reasons are in behaviour.md beside this file.
 */
export const BEHAVIOUR = {
  /** Make-call accepted → `ringing` event. */
  ringingAfterMs: 1_000,
  /** Make-call accepted → the callee answers (`connected`). */
  outboundAnswerAfterMs: 5_000,
  /** A busy line gives up fast. */
  busyAfterMs: 2_000,
  /** Ringing before the platform gives up on an unanswered number. */
  noAnswerAfterMs: 30_000,
  /** connect / transfer / forward: the B-party's phone rings (`bridging`) this long after the request… */
  bridgeRingingAfterMs: 500,
  /** …and answers (`bridged`) this long after the request. */
  bridgeAnswerAfterMs: 4_000,
  /**
   * The fields a menu's `digitcollected` carries its keys in. EnableX's sources disagree: the API
   * reference (EnableX's play and voice-menu events) shows `digit`, and EnableX's inbound sample
   * reads `voiceEvent.digit`; the IVR guide shows `digits` (with a `play_id`, which nothing else
   * shows and is not sent). Both are sent, the same string, so an app reading either works as it
   * would on one of the sources; `dtmfcollected` (EnableX's DTMF events on a bridged
   * call) carries `digit` only: no source names another.
   */
  digitcollectedKeys: ['digit', 'digits'],
  /** A DTMF menu (`dtmf: true`) waits this long after the prompt for the first key, then `menutimeout`. */
  menuTimeoutMs: 10_000,
  /**
   * Keys are gathered until this pause; then one `digitcollected` (or `dtmfcollected`) carries them
   * all. [inferred] EnableX's play request names no terminator key, no digit count and no digit
   * timeout (only the ASR's recognizer_timeout, default 2 s, a silence that ends input), so no key
   * ends a menu: # and * are reported as pressed (`"1234#"`), with a transcript note saying so;
   * vendor.menuTerminator chooses the other reading.
   */
  interDigitTimeoutMs: 2_000,
  /** play `start_timeout` / `recognizer_timeout` defaults (documented). */
  startTimeoutS: 10,
  recognizerTimeoutS: 2,
  /** Length of a portal prompt (`prompt_name`) when the test does not say (vendor option promptDurationsMs). */
  defaultPromptMs: 3_000,
  /** TTS speaks about 150 words a minute. */
  ttsMsPerWord: 400,
  minPromptMs: 600,
  /** How long the caller takes to say a word. */
  speechMsPerWord: 350,
  /** Events carry numbers as the samples do: digits without `+`. */
  plusInNumbers: false,
  /** `disconnect_reason` for each way a call or leg ends (only the first two are documented). */
  reasons: {
    normal: 'Normal Clearing',
    busy: 'User Busy',
    noAnswer: 'No Answer',
    network: 'Network Failure',
  },
  /** Speech results: `reason` texts (only `Recognized` is documented). */
  speechReasons: { recognized: 'Recognized', unrecognized: 'Unrecognized', timeout: 'No speech detected' },
  /**
   * Webhook encryption (EnableX's Secure Webhooks guide): the header values EnableX sends are not
   * documented.
   */
  encryption: { algorithm: 'aes-256-cbc', format: 'base64', encoding: 'utf8' },
  recordingBaseUrl: 'https://recordings.enablex.io/voice',
  /** Supported TTS languages are not published: any language string is sent on (one not shaped like a tag warns, rule enablex/language-tag). */
  voices: ['male', 'female'],
  /** settle(), for an app by URL only: real ms with no request from the app before a timer may fire (after an event or a request). */
  settleQuietMs: 25,
} as const

/** Options of the EnableX simulation: `callTo(app, { platform: 'enablex', vendor: {…} })`. */
export interface EnableXOptions {
  /**
   * The project's APP_ID and APP_KEY: the fake REST API accepts only these in Basic auth (401
   * otherwise). Unset: any non-empty Basic credentials. `appId` is also the webhook encryption key.
   */
  appId?: string
  appKey?: string
  /**
   * Post events encrypted (`{encrypted_data}` and the x-algoritm / x-format / x-encoding headers,
   * EnableX's Secure Webhooks guide). Needs `appId`.
   */
  encrypt?: boolean
  /**
   * Numbers provisioned to the project: a make-call or connect `from` outside the list gets 404
   * 6118 "Phone number not found for the service". Unset: every number is provisioned.
   */
  numbers?: string[]
  /** Provisioned numbers with no voice service configured: 404 6110 "Application Not Found". */
  numbersWithoutService?: string[]
  /** Older EnableX: the platform answers inbound calls itself, so `accept` is not needed (and is refused as already connected). */
  autoAccept?: boolean
  /**
   * The greeting configured on the number in the EnableX portal (the inbound `action_on_connect`):
   * the platform answers the call itself, sends `incomingcall`, plays this prompt and sends its
   * `playfinished` (with `prompt_ref` when given), as EnableX's own inbound sample expects.
   * Same fields as a play request (`text` + `voice` + `language`, or `prompt_name`). Default: none.
   */
  inboundGreeting?: PlayRequest
  /**
   * A key that ends a DTMF menu's entry at once and is left out of `digit`/`digits` (`'#'`: the
   * caller's `1234#` gives `"1234"`). EnableX documents no terminator (its play request names
   * none): by default no key ends entry, a pause does, and `#` is reported as a key, callspec's
   * inference (behaviour.md, "Several keys"). Default: none.
   */
  menuTerminator?: '#' | '*'
  /** Length of portal prompts in ms, by prompt_name (default 3 s each). */
  promptDurationsMs?: Record<string, number>
}
