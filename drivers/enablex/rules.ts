import { defineRules } from '../../src/validation/rules.js'

/**
 * Every check the EnableX simulation makes, with its evidence. Sources: EnableX "Voice API
 * Routes" (v2.0, developer.enablex.io / docs2024.vcloudx.com), its error table, and EnableX's
 * own samples (github.com/EnableX/voice-api-inbound, voice-api-outbound). A correction is a
 * one-line change here.
 */
export const ENABLEX_RULES = defineRules({
  'enablex/request-schema': {
    fixed: 'the platform cannot run what it cannot read',
    evidence: 'doc',
    source: 'EnableX docs: Voice API Routes, request bodies',
    description: 'a REST request body has the documented fields and types (play prompt, dtmf/asr options, connect from/to, hold…)',
  },
  /**
   * The refusals before a request's body is checked: credentials that are not the project's
   * (Basic APP_ID:APP_KEY), a body that is not JSON. EnableX documents the auth and the JSON bodies,
   * not its answer to either: the 401 and the 400 are callspec's, and their failures say so. Fixed:
   * the platform runs nothing for a request it cannot authenticate or read. Their failures named no
   * rule (h203).
   */
  'enablex/credentials': {
    fixed: 'the platform runs no request it cannot authenticate',
    evidence: 'doc',
    source: "EnableX docs: Voice API overview, Authorization: Basic base64(APP_ID:APP_KEY) (the 401 and its msg are callspec's)",
    description: 'a REST request carries Authorization: Basic base64(APP_ID:APP_KEY) (vendor.appId and vendor.appKey, when the test sets them); one that does not is refused 401',
  },
  /**
   * A request body sent compressed (Content-Encoding: gzip, deflate, br): EnableX documents none, so
   * whether it takes one is callspec's inference. callspec decodes it, as the servers in front of
   * such an API plausibly do, and warns; at error (strict) it refuses it 415, its own answer. Refused
   * as not JSON, it failed the call on a point the vendor never made (helper-205).
   */
  'enablex/compressed-body': {
    evidence: 'inferred',
    source: "inferred: EnableX documents no compressed request body (Content-Encoding); the servers in front of an API plausibly decode gzip, deflate and br, or answer 415",
    description: 'a REST request body is sent uncompressed (one sent with Content-Encoding gzip, deflate or br is decoded and read, with a warning)',
  },
  'enablex/invalid-json': {
    fixed: 'the platform cannot run what it cannot read',
    evidence: 'doc',
    source: "EnableX docs: Voice API overview, request bodies are JSON (Content-Type: application/json; the 400 and its msg are callspec's)",
    description: 'a REST request body (make-call, play, connect…) is JSON; one that is not is refused 400 "Invalid JSON body"',
  },
  /**
   * A path or method EnableX's Voice API Routes do not list (`PUT …/mute`, `PUT …/hold`, a POST
   * route): refused, 404 "Route not found" or 405, whatever any level says, since callspec has no
   * route to run it on; the status and msg are callspec's (EnableX documents none), which
   * enablex/undocumented-errors warns of. A failure listing the refusal named no rule (h203).
   */
  'enablex/routes': {
    fixed: 'callspec has no route to run such a request on',
    evidence: 'doc',
    source: 'EnableX docs: Voice API Routes, the routes of a call and the method each takes (the 404 or 405 and its msg are callspec\'s)',
    description: 'a REST request is on a route EnableX documents, with a method it takes; any other is refused 404 "Route not found" or 405',
  },
  'enablex/unknown-keys': {
    evidence: 'inferred',
    source: 'inferred: not documented (EnableX documents no rejection of unknown fields)',
    description: 'a REST request body holds no field the docs do not name',
  },
  /**
   * null sent in a field the docs make optional (`session_data: null`, a play's `prompt_ref:
   * null`): EnableX's reference types these fields without null and does not say what its API does
   * with one; its errors ("Invalid parameter", result codes) are not a schema validator's. Apps
   * send such nulls routinely (Python's dataclasses.asdict, C# and Java serialisers), and JSON
   * backends mostly read them as the field absent. Inferred: read as absent, with a warning. A
   * required field sent as null stays missing: the schema's failure.
   */
  'enablex/null-optional': {
    evidence: 'inferred',
    source: 'inferred: the docs type the optional fields of REST requests without null and do not say what the API does with null in one',
    description: 'a REST request body sends no null in an optional field (at warn the field is read as absent, as most JSON backends read it; a required field sent as null is missing, a failure)',
  },
  'enablex/empty-text': {
    evidence: 'inferred',
    source: "inferred: EnableX's play table types text and prompt_name as strings and sets no minimum length",
    description: "a play's text or prompt_name (PUT …/play, make-call's action_on_connect.play) is not empty or blank; at warn an empty one plays nothing and playfinished follows at once",
  },
  'enablex/language-tag': {
    evidence: 'inferred',
    source: "inferred: EnableX's play table types language as a string (e.g. en-US) and publishes no list of languages and no format",
    description: "a play's language is shaped like a language tag (en-US, en-us, en, cmn-Hans-CN: letters, then hyphen-separated letters or digits); at warn any other string is sent on as it is",
  },
  'enablex/phone-number': {
    evidence: 'inferred',
    source: 'inferred: EnableX\'s docs say only "CLI number" / "Destination number" (strings); its samples write digits without +, its newer docs mention E.164',
    description:
      'from, to and transfer_to (make-call, action_on_connect.connect, connect, transfer, forward) are 5–15 digits, optionally after a + (where a destination is read: or a sip: URI); at warn any other string is used as it is',
  },
  'enablex/tts-duration': {
    evidence: 'inferred',
    source: 'inferred: EnableX\'s advanced TTS table gives no format for a silence or break value, nor says a silence needs one; its example writes "2000ms"',
    description: 'an advanced TTS silence or break duration is written like "2000ms", and a silence has one; at warn callspec reads "2s" as 2000 ms and a bare number ("1500" or 1500) as ms, and adds no pause for anything else (nor for a silence with no value)',
  },
  'enablex/event-url-placement': {
    evidence: 'inferred',
    source: "inferred: EnableX's make-call field table lists action_on_connect.event_url, its JSON example and samples send event_url at the top level, and no page says what a body with both does",
    description:
      'a make-call has event_url at the top level only: one only under action_on_connect (the table\'s place) is read from there, and one at both levels is read from the top; either way it warns, saying the JSON example and samples put it at the top level',
  },
  'enablex/make-call-without-event-url': {
    evidence: 'inferred',
    source: 'inferred: EnableX\'s make-call table marks event_url "yes for outbound events" (events need it), and does not say that EnableX refuses a call without one',
    description:
      'a make-call has an event_url (at the top level or under action_on_connect); at warn one without it is placed, its events go nowhere (the app hears of none), and once its action_on_connect is done the platform hangs up; strict refuses it HTTP 400 (callspec\'s answer)',
  },
  'enablex/one-action-on-connect': {
    evidence: 'inferred',
    source: "inferred: EnableX's make-call field table marks action_on_connect optional and lists play, connect and room under it, its JSON example repeats play to show them as alternatives, and no page says what a body with two, or with none, does",
    description:
      'action_on_connect holds one of play, connect or room; with more, callspec runs the first of them in that order when the callee answers and ignores the rest; with none ({}), callspec places the call and runs nothing on connect, as for an action_on_connect holding only event_url',
  },
  'enablex/voice-case': {
    evidence: 'inferred',
    source: 'inferred: EnableX\'s play table lists the TTS voices as "male" and "female", in lower case, and does not say that another case is refused',
    description:
      'a play\'s voice (PUT …/play, make-call\'s action_on_connect.play) is written in lower case; at warn "Female" or "MALE" is read as the voice it names and played, at error (strict) the request is refused HTTP 400 (callspec\'s answer)',
  },
  'enablex/voice-on-connect': {
    evidence: 'inferred',
    source: "inferred: EnableX documents HTTP 406, result 6117 for an unsupported voice on PUT …/play only, and no refusal of a make-call whose action_on_connect.play has one",
    description:
      'a make-call\'s action_on_connect.play has a documented voice (male or female, any case); at warn one with another voice is placed, and its play goes as PUT …/play would take it, refused: nothing plays when the callee answers; at error (strict) callspec refuses the make-call HTTP 406, result 6117 (the play route\'s answer, callspec\'s on a make-call)',
  },
  'enablex/one-prompt': {
    evidence: 'inferred',
    source: "inferred: EnableX's play reference says exactly one of text and prompt_name is played, not which one, and its own example sends both",
    description:
      'a play holds one of text, prompt_name or text_to_speech_option (an empty text_to_speech_option does not count); with more, callspec plays the first of text, text_to_speech_option, prompt_name and ignores the rest',
  },
  'enablex/play-wrapper': {
    evidence: 'inferred',
    source: "inferred: EnableX's API reference sends a play's fields at the top level of the PUT …/play body; its own voice-broadcast-ivr-bridge sample wraps them in a play key ({ play: { type: 'tts', text, voice, … } }), and no page says what the API does with that",
    description: 'a PUT …/play body holds its fields at the top level: one that holds them only under a play key is read from there, with a warning',
  },
  'enablex/empty-name': {
    evidence: 'inferred',
    source: "inferred: EnableX's tables type action_on_connect.room.room_id and a recording's recording_name as strings and set no minimum length",
    description:
      "a make-call's action_on_connect.room.room_id and a recording start's recording_name are not empty or blank; at warn an empty room_id joins the callee to no room (connected carries no room_id), and an empty recording_name records as if none were given",
  },
  'enablex/recording-false': {
    evidence: 'inferred',
    source: "inferred: EnableX's recording table types start and stop as booleans and shows only true; what false does is not documented",
    description:
      'a recording request holds start: true or stop: true; at warn start: false starts nothing and stop: false stops nothing (callspec answers 200 with no recording_id), as a platform that reads the flag as a condition would',
  },
  'enablex/start-and-stop': {
    evidence: 'inferred',
    source: "inferred: EnableX's recording reference shows a start body and a stop body apart, and does not say what one holding both does",
    description:
      'a recording request holds start or stop, not both; at warn callspec reads start first, as a platform checking `if (start) … else if (stop)` would: start: true starts a recording (stop is ignored), otherwise stop: true stops the one running',
  },
  'enablex/stop-recording-name': {
    evidence: 'inferred',
    source: 'inferred: EnableX\'s recording reference shows the stop body as {"stop": true} and types recording_name as optional, and does not say what a stop naming a recording does',
    description:
      'a recording stop ({"stop": true}) names no recording_name; at warn callspec stops the recording running and ignores the name (it is not checked against the running recording, nor kept as used)',
  },
  /**
   * The transfer reference shows {"from": "CLI number", "transfer_to": "Terminating number"} and
   * marks neither field required, where connect's table marks from required and forward's says
   * both are mandatory. transfer_to is what a transfer is for; that from is required too was the
   * schema's reading, refused under the documented enablex/request-schema.
   */
  'enablex/transfer-from': {
    evidence: 'inferred',
    source: 'inferred: EnableX\'s transfer reference shows from beside transfer_to and does not say it is required (connect\'s table and forward\'s text do say so for theirs)',
    description:
      "a transfer (PUT …/transfer) names from, the CLI the new party sees; at warn one without it is transferred presenting the from of the bridge's connect",
  },
  'enablex/accept-first': {
    evidence: 'inferred',
    source: "inferred: EnableX's docs disagree: its newer docs have the app accept an inbound call (PUT …/accept), its older docs have the platform accept it itself; neither says what a play before an accept gets",
    description:
      'the app accepts an inbound call before it plays or connects on it; at warn a play or connect on a call not yet accepted is run as the older docs have it (the platform accepted the call itself: no accept action, no connected event), at error it is refused HTTP 409 "Call is not connected" (callspec\'s answer) and the call fails',
  },
  'enablex/unique-recording-name': {
    evidence: 'doc',
    source: 'EnableX docs: Voice API Routes, recording: an existing recording_name makes the request fail (the answer, HTTP 400 with result 6119, is callspec\'s)',
    level: 'warn',
    description:
      'a recording start reuses no recording_name of the call: EnableX documents that the request fails, not its answer; callspec answers HTTP 400 with result 6119 "Failed to start recording on bridge" (the documented recording error) and the call goes on, so it warns by default',
  },
  'enablex/error-answers': {
    evidence: 'doc',
    source: 'EnableX docs: Voice API error codes',
    level: 'warn',
    description:
      'a request EnableX answers with a documented error (play while bridged 6112, play while one is pending 6114, unsupported voice 6117, number 6118/6110, transfer or recording before a bridge 409, already recording 408, 6119 when a recording cannot start): the app gets the error and the call goes on, so it warns by default',
  },
  'enablex/undocumented-errors': {
    evidence: 'inferred',
    source: 'inferred: EnableX documents no error for this request in this state; the status and msg are callspec\'s',
    description:
      'a request callspec answers with an error EnableX does not document (play or connect on an outbound call not yet answered 409, accept twice 409, accept on an outbound call 409, connect while bridged 409, hold before a bridge 409, stop with no recording 400, any request after the end 404): the app gets the error and the call goes on (error-answers.ts); at off a request EnableX most plausibly takes as a no-op (hold before a bridge, accept twice, stop with no recording) is answered 200 and changes nothing, the others stay refused',
  },
  'enablex/json-content-type': {
    evidence: 'inferred',
    source: "inferred: EnableX's API reference says requests with a body use Content-Type: application/json, not what it does with a request that does not",
    description:
      "a REST request with a body is sent with Content-Type: application/json; at warn callspec reads the body as JSON whatever its type (text/plain, urllib's application/x-www-form-urlencoded, none), at error (strict) it answers HTTP 415",
  },
  'enablex/path-case': {
    evidence: 'inferred',
    source: 'inferred: EnableX spells its REST paths in lower case (/voice/v1/call/{voice_id}/play) and does not say whether the API takes them in another case',
    description:
      "the app spells a REST path as the docs do; at warn a path that differs from a documented route only in case (PUT …/Play) is answered as that route, at error (strict) it is refused 404 \"Route not found\", the refusal callspec's",
  },
  /**
   * The voice architecture page says a webhook that "returns an error" means "the call may
   * terminate" (the page answer-in-time cites): the docs' word, not only the samples' 200s. Its
   * failure named no rule (h198): it ends "so the call fails here (rule enablex/event-answered)".
   */
  'enablex/event-answered': {
    evidence: 'doc',
    source: 'EnableX docs: voice architecture page, a webhook that returns an error "the call may terminate" (the samples answer every event 200)',
    description: 'the app answers each event with a 2xx while the call is live',
  },
  'enablex/final-callback-answered': {
    evidence: 'inferred',
    source:
      'inferred: not documented (a 404 means the app has no route for it; the 5 s deadline\'s stated consequence, "the call may terminate", is about a live call, and this one is over)',
    description:
      'the app answers events sent after the end of the call (disconnected) with a 2xx, within the 5 s of enablex/answer-in-time; at warn a late or non-2xx answer is dropped and the call keeps its verdict',
  },
  'enablex/answer-in-time': {
    evidence: 'doc',
    source: 'EnableX docs: voice architecture page, a webhook unanswered within 5 s "the call may terminate"',
    description:
      "the app answers an event on a live call within the 5 s EnableX documents (limits.responseTimeoutMs does not move it): of virtual time for an app whose timers callspec runs, of real time for one it does not (by URL, time: 'real'); a longer answer fails the call. An event sent after the call ended (disconnected) is enablex/final-callback-answered's; one whose call ended before the 5 s passed (the caller hung up while the app held its answer) is not judged: no live call was left to cut short",
  },
})

/**
 * The webhook answer deadline EnableX documents (developer.enablex.io/voice/architecture.html:
 * every event answered within 5 seconds). The core judges a late answer against it, citing `source`.
 * Its consequence, "the call may terminate", is a live call's: a late answer to an event sent after
 * the end (disconnected) is judged by the inferred `afterEnd` rule instead, a warning by default.
 */
export const ANSWER_DEADLINE = { ms: 5_000, source: 'EnableX docs: voice architecture page', afterEnd: 'enablex/final-callback-answered' } as const

export type EnableXRuleId = keyof typeof ENABLEX_RULES
