import { defineRules } from '../../src/validation/rules.js'

/**
 * Every check the Webex Connect simulation makes, with its evidence. A correction (a rule found
 * documented, or a vendor that turns out to accept something) is a one-line change here.
 * Source: "Programmable Voice Calls Using Voice API v1", developers.webexconnect.io.
 */
export const WEBEX_RULES = defineRules({
  'webex-connect/action-schema': {
    fixed: 'the platform cannot run what it cannot read',
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, Actions',
    description: 'an action answering an event has the documented fields and types (PLAY audio, collectInput, PATCH dialedNumber…)',
  },
  /**
   * Constraints only Cisco's SDKs state, not the docs' pages (the SDKs' PLAY and PATCH action
   * classes): still the vendor's own word, so an error (docs/rules.md: `sample` is the vendor's own
   * sample code or SDK), cited as the SDKs'. Fixed as action-schema is: the schema refuses such an
   * action, and there is nothing to run past it (no number to dial, no prompt, a terminator that is
   * no key). sdk-constraints.ts says which schema issues are these.
   */
  'webex-connect/sdk-constraints': {
    fixed: "the platform's SDKs do not build such an action, and callspec has nothing to run past it",
    evidence: 'sample',
    source:
      "Cisco's Webex Connect SDKs (CiscoDevNet connect-sdk-node, connect-sdk-java), not the docs' pages: PLAY audio has at least one item, PATCH needs dialedNumber, terminationDigit and patchDigit are one DTMF key (0-9, *, #), greetingRepeatCount is an integer of 0 or more",
    description: 'an action meets the constraints the SDKs state beyond the docs (PLAY audio not empty, PATCH dialedNumber present, terminationDigit / patchDigit one DTMF key, greetingRepeatCount an integer ≥ 0)',
  },
  /**
   * An answer that holds no action the platform can read (an empty 200, `OK`, `{}`, JSON that is
   * not an object, HTML, broken JSON, a compressed body, a non-2xx) to an event the docs answer
   * with one: ACCEPTED, ANSWERED, PLAYED, COLLECTED_DIGITS, RECORDED, STREAMED, FAILURE.
   * Documented: the answer to these events is HTTP 200 with one JSON action ("All these actions
   * have to include 200 OK", Webex Connect's voice events docs). Inferred: what the platform then
   * does. Webex Connect's voice events docs do not say what happens if the body is invalid
   * (callspec infers the most plausible: a failure, the call dropped), so the message says
   * callspec's inference is that the call drops and the call fails here. Fixed, as docs/rules.md
   * makes a payload the platform cannot read: there is no action to simulate past it, so no warn
   * level could go on honestly. PATCHED and VMDETECTED, where the docs expect no reply or do not
   * say what no action does, have rules of their own (reply-after-patch, reply-to-vmdetected); a
   * body that tries to be an action (an `action` key, an array, an object with keys but no
   * `action`: `{"type": "ANSWER"}`) is action-schema's, whose failure names the key meant.
   */
  'webex-connect/no-action-answer': {
    fixed: 'the platform has no action to run in an answer that holds none it can read',
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK"); what the platform does with an answer that holds no action is callspec\'s inference',
    description:
      'an event the docs answer with an action (ACCEPTED, ANSWERED, PLAYED, COLLECTED_DIGITS, RECORDED, STREAMED) is answered with HTTP 200 and one JSON action object; an answer with none the platform can read (an empty 200, OK, {}, HTML, broken JSON, a non-2xx) fails the call: callspec\'s inference is that the platform drops it',
  },
  'webex-connect/answer-status-200': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK")',
    description: 'an action is answered with HTTP 200 OK, not another 2xx (a NestJS POST handler answers 201 unless told @HttpCode(200))',
  },
  'webex-connect/unknown-keys': {
    evidence: 'inferred',
    source: 'inferred: not documented',
    description: 'an action or a make-call request holds no key the docs do not name (the docs do not say that unknown keys are rejected; at warn the key is dropped)',
  },
  /**
   * null sent in a field the docs make optional (`correlationId: null`, a PLAY's
   * `collectInput.terminationDigit: null`): the docs type these fields without null and do not say
   * what the platform does with one; their error codes (7003 / 7004, "Invalid parameter") do not
   * show a schema validator's. Apps send such nulls routinely (Python's dataclasses.asdict, C# and
   * Java serialisers), and JSON backends mostly read them as the field absent; Cisco's SDKs give
   * PATCH's patchDigit a default of null. Inferred: read as absent, with a warning. A required
   * field sent as null stays missing: the schema's failure.
   */
  'webex-connect/null-optional': {
    evidence: 'inferred',
    source: 'inferred: the docs type the optional fields of actions and REST requests without null and do not say what the platform does with null in one',
    description: 'an action or a make-call / voice-message request sends no null in an optional field (at warn the field is read as absent, as most JSON backends read it; a required field sent as null is missing, a failure)',
  },
  /**
   * The docs and SDKs spell every action in UPPERCASE and say nothing of another case: whether the
   * platform refuses "answer" is callspec's inference (it failed under action-schema, as the docs'
   * word: h198). At warn the action runs as its UPPERCASE name (action-case.ts).
   */
  'webex-connect/action-case': {
    evidence: 'inferred',
    source: 'inferred: the docs and SDKs spell every action in UPPERCASE (ANSWER, PLAY, HANGUP) and do not say what the platform does with another case',
    description: 'an action is named in UPPERCASE (at warn "answer" runs as ANSWER, with a warning; strict fails the call)',
  },
  'webex-connect/path-case': {
    evidence: 'inferred',
    source: 'inferred: the docs spell the voice REST paths in lower case (/v1/voice/calls, /v1/voice/messages) and do not say whether the API takes them in another case',
    description:
      "the app spells a REST path as the docs do; at warn a path that differs from a documented route only in case (/v1/Voice/Calls) is answered as that route, at error it is refused 404 7004, the refusal callspec's",
  },
  'webex-connect/audio-file-type': {
    evidence: 'inferred',
    source: "inferred: the docs name .wav and .mp3 as the formats, not how the platform tells them nor that it refuses others; callspec reads the URL's extension",
    description: 'a URL audio location ends in .wav or .mp3 (at warn one naming another audio format, such as .ogg, or with no or another extension is played as given)',
  },
  'webex-connect/empty-media-id': {
    evidence: 'inferred',
    source: 'inferred: the docs type a MEDIA audio\'s mediaId as a string (the id of audio uploaded to the portal) and set no minimum length',
    description: 'a MEDIA audio item has a mediaId that is not empty or blank (at warn the item names no media and plays nothing, in no time; the rest of the audio plays)',
  },
  'webex-connect/record-empty-audio': {
    evidence: 'inferred',
    source: "inferred: the SDKs disagree on RECORD's audio: the Node SDK requires at least one item, the Java SDK makes it optional; the docs' example sends one",
    description: 'a RECORD with audio has at least one item (at warn audio: [] plays no prompt and records at once, as a RECORD with no audio does)',
  },
  'webex-connect/blank-text': {
    evidence: 'inferred',
    source: 'inferred: the docs require TTS text to be non-empty, and do not say what the platform does with text of spaces only',
    description: 'TTS text is not blank (spaces only); at warn it plays as written, and the caller hears nothing',
  },
  'webex-connect/ssml-text-format': {
    evidence: 'inferred',
    source: 'inferred: the docs make textFormat TEXT by default and say text is plain text or SSML, not what TEXT does with SSML markup',
    description: 'TTS text written as SSML (starting with <speak>) has textFormat "SSML" (at warn it is heard as written, tags and all, as plain text would be)',
  },
  'webex-connect/timeouts-positive': {
    evidence: 'inferred',
    source: 'inferred: the docs set no bounds on collectInput.digitTimeout, streamInput.timeout / maxsilence or RECORD timeoutSeconds',
    description: 'a timeout in seconds is at least 1 (0 or less runs as 0: the input or the recording ends as soon as the prompt does)',
  },
  'webex-connect/stream-timeout-integer': {
    evidence: 'inferred',
    source: 'inferred: the docs state neither the type nor the unit of streamInput.timeout and maxsilence (their example sends 20 and 5); callspec infers integer seconds',
    description: 'streamInput.timeout and maxsilence are whole numbers of seconds (at warn a fractional value runs as given: timeout 7.5 listens 7.5 s; maxsilence is not modelled)',
  },
  /**
   * The refusals before a make-call or voice-message body is checked, with the codes of the docs'
   * common API error table: no service key (7002), another key than the test's (7001), a body that
   * is not JSON (7000). Fixed: the platform runs nothing for a request it cannot authenticate or
   * read. Their failures named no rule (h203): they list the refusal as an issue under these.
   */
  'webex-connect/service-key': {
    fixed: 'the platform runs no request it cannot authenticate',
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, Authorization: <service key or JWT>; common API error codes, 7002 Service key missing, 7001 Authentication failed',
    description: 'a make-call or voice-message request carries the service key in Authorization (alone or after Bearer; vendor.serviceKey, when the test sets one)',
  },
  /**
   * A make-call or voice-message body sent with another Content-Type than JSON: the docs' own error
   * sample is 400 `{"code":"7004","message":"Invalid parameter - : contentType"}`. Its refusal named
   * no rule (helper-205). Not fixed: at warn the body is read as JSON, with a warning.
   */
  'webex-connect/json-content-type': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1 error sample, 7004 "Invalid parameter - : contentType"',
    description: 'a make-call or voice-message request is sent with Content-Type: application/json (any case, with parameters); another is refused 400 7004',
  },
  /**
   * A path the Voice API v1 reference does not list (`GET /v1/voice/sessions`), or a listed path with
   * a method it does not take (`GET /v1/voice/calls`): refused 404 or 405, whatever any level says,
   * since callspec has no route to run it on. The status and code 7004 are callspec's (the docs list
   * 404 and 405 among their errors' statuses, with no code for either), and a failure listing the
   * refusal says so. It named no rule (helper-205), as enablex/routes before h203.
   */
  'webex-connect/routes': {
    fixed: 'callspec has no route to run such a request on',
    evidence: 'doc',
    source: "Webex Connect docs: Voice API v1 reference, the routes (POST /v1/voice/calls, POST /v1/voice/messages, GET /v1/voice/calls/{sessionId} and /recordings) and the method each takes (the 404 or 405 and code 7004 are callspec's)",
    description: 'a REST request is on a route Webex Connect documents, with the method it takes; any other is refused 404 or 405 (7004, callspec\'s)',
  },
  /**
   * A request body sent compressed (Content-Encoding: gzip, deflate, br): Webex Connect documents none, so
   * whether it takes one is callspec's inference. callspec decodes it, as the servers in front of
   * such an API plausibly do, and warns; at error (strict) it refuses it 415, its own answer. Refused
   * as not JSON, it failed the call on a point the vendor never made (helper-205).
   */
  'webex-connect/compressed-body': {
    evidence: 'inferred',
    source: "inferred: Webex Connect documents no compressed request body (Content-Encoding); the servers in front of an API plausibly decode gzip, deflate and br, or answer 415",
    description: 'a REST request body is sent uncompressed (one sent with Content-Encoding gzip, deflate or br is decoded and read, with a warning)',
  },
  'webex-connect/invalid-json': {
    fixed: 'the platform cannot run what it cannot read',
    evidence: 'doc',
    source: 'Webex Connect docs: common API error codes, 7000 Invalid JSON',
    description: 'a make-call or voice-message request body is JSON',
  },
  'webex-connect/make-call-schema': {
    fixed: 'the platform cannot place a call it cannot read',
    evidence: 'doc',
    source: 'Webex Connect docs: Make Call API reference (POST /v1/voice/calls), 7003 / 7004',
    description: 'a make-call request has callerId and dialedNumber (E.164) and the documented fields with their types',
  },
  /**
   * The API reference marks the header required and caps it at 64 characters (7003 / 7004), and
   * says a key "seen in the previous 1 hour" is rejected as a duplicate, with no status or code
   * for that: the duplicate's 409 7004 is callspec's, and its note says so. A rule, so a refusal
   * names it and a test can relax it (it was checked outside the table, by no rule).
   */
  'webex-connect/idempotency-key': {
    evidence: 'doc',
    source:
      'Webex Connect docs: Make Call API reference, Idempotency-Key (required, at most 64 characters: 7003 / 7004; a key seen in the previous hour is rejected as a duplicate, with no status or code: the 409 7004 is callspec\'s)',
    description:
      "a make-call or voice-message request carries an Idempotency-Key of 1 to 64 characters that this call's app has not used within the hour; at warn one without it or too long is accepted, and a reused one is taken as new, with a warning (vendor.requireIdempotencyKey: false drops the missing-key check alone)",
  },
  'webex-connect/voice-message-schema': {
    fixed: 'the platform cannot send a message it cannot read',
    evidence: 'doc',
    source: 'Webex Connect docs: Make Outbound Calls (POST /v1/voice/messages), 7003 / 7004',
    description: 'a voice-message request holds the documented fields with their types: callerId and dialedNumber E.164, one audio object (which of them are required is webex-connect/voice-message-required)',
  },
  'webex-connect/voice-message-required': {
    evidence: 'inferred',
    source: 'inferred: the docs list the fields of POST /v1/voice/messages (callerId, dialedNumber, audio, correlationId, callbackUrl, callbackUrlAuthId) and mark none of them required',
    description:
      "a voice-message request has callerId, dialedNumber and audio (a message with no one to say it to, or nothing to say); at warn one without them is answered 202 as any (callspec does not simulate the message), at error (strict) 400 7003 \"Mandatory parameter missing: <field>\" (callspec's answer)",
  },
  'webex-connect/voice-message-style': {
    evidence: 'doc',
    source:
      "Webex Connect docs: Make Outbound Calls (POST /v1/voice/messages) mark a TTS audio's style mandatory; the same table gives it a default (NEURAL), and the SDKs and the call actions' examples treat it as optional",
    // Warn, though documented: the sources disagree on what the platform does with a TTS audio
    // without a style (refused as mandatory, or spoken in the NEURAL default), so failing the call
    // by default would claim more than they agree on; strict answers the documented 7003.
    level: 'warn',
    description:
      'a voice message\'s TTS audio has a style (at warn one without is answered 202, the style taken as NEURAL; at error 400 7003 "Mandatory parameter missing: audio.style")',
  },
  'webex-connect/make-call-callback-url': {
    evidence: 'inferred',
    source: 'inferred: the API reference and the SDKs require callbackUrl; the newer guide page calls it optional',
    description: "a make-call request has a callbackUrl (without one the events go to the flow's webhookPath, as to the number's configured callback URL)",
  },
  'webex-connect/answer-only-after-accepted': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, ANSWER ("only as a response to ACCEPTED")',
    description: 'ANSWER is sent only in reply to ACCEPTED',
  },
  'webex-connect/answer-before-media': {
    evidence: 'inferred',
    source: 'inferred: the API reference answers ACCEPTED with ANSWER, REJECT or HANGUP; the newer guide page also lists Play, Record and Call Patch for a new inbound call',
    description: 'ACCEPTED is answered with ANSWER, REJECT or HANGUP (at warn a PLAY, RECORD or PATCH answers the call and runs, with no ANSWERED event)',
  },
  'webex-connect/allowed-replies': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, events and the actions that answer them',
    description: 'an event is answered with an action the docs allow for it (PLAY, RECORD, PATCH, HANGUP after ANSWERED and media results)',
  },
  'webex-connect/replies-while-bridged': {
    evidence: 'inferred',
    source: 'inferred: the docs list no reply to PATCHED',
    description: 'while a PATCH is bridged, PATCHED is answered with no action (an empty 200, {} or a plain OK), HANGUP or REJECT (the docs list no reply to PATCHED); at warn a PLAY, RECORD or PATCH ends the bridge (the other party is released) and runs',
  },
  /**
   * Whether Webex Connect sends one PATCHED or two is not documented: callspec sends one on connect
   * and one when the bridge ends (behaviour.md, "PATCHED, once or twice"); the docs' only PATCHED
   * example is the end (ConnectedOn, recordingFileName and droppedBy in one event). An app written
   * to that example hangs up on the first PATCHED it gets: under callspec's reading that cuts the
   * caller off the moment the B-party answers. Audit h172 F4: it did, with no word.
   */
  'webex-connect/patched-on-connect': {
    evidence: 'inferred',
    source: "inferred: the docs do not say whether one or two PATCHED are sent; their only PATCHED example is the patch's end (droppedBy, recordingFileName), the PATCHED on connect is callspec's reading",
    description:
      "the PATCHED callspec sends when the B-party answers (ConnectedOn, no droppedBy) is not answered with HANGUP or REJECT: an app written to the docs' example (one PATCHED, at the patch's end) would end the call the moment the bridge connects (at warn the hang-up runs, with a warning)",
  },
  'webex-connect/reply-after-patch': {
    evidence: 'inferred',
    source: 'inferred: the docs list no reply to PATCHED',
    description: 'once a PATCH has ended (the other party left) or failed, PATCHED is answered with an action for the caller (PLAY, RECORD, PATCH, HANGUP); an answer with no action (an empty 200, {} or a plain OK) leaves the caller in silence',
  },
  'webex-connect/answer-after-bridge-left': {
    evidence: 'inferred',
    source: 'inferred: the docs do not say what becomes of an answer to PATCHED that comes after the bridge it reported has ended; the platform most plausibly drops it, as an answer after the call ended',
    description: 'the answer to the PATCHED that reported a bridge carries an action only while that bridge holds; at warn an action in one that comes after the dialled party left (the app held it) is not run, with a warning: the PATCHED that ended the bridge has its own answer',
  },
  'webex-connect/reply-to-vmdetected': {
    evidence: 'inferred',
    source: 'inferred: the docs expect PLAY after VMDETECTED (HANGUP plausible), not what the platform does with another action or an answer that names none',
    description: 'VMDETECTED is answered with PLAY (to leave a message) or a hang-up; at warn another action runs, and an answer with no action (an empty 200, {} or a plain OK) lets the call carry on: what was playing plays on',
  },
  'webex-connect/nothing-after-dropped': {
    evidence: 'inferred',
    source: 'inferred: the docs call DROPPED terminal and expect no action, not what the platform does with one (most likely it ignores it)',
    description: 'no action answers DROPPED (at warn the action is ignored: the call is over)',
  },
  'webex-connect/final-callback-answered': {
    evidence: 'inferred',
    source: 'inferred: not documented (a 404 means the app has no route for it)',
    description: 'the app answers DROPPED (the call is over) with a 2xx',
  },
  'webex-connect/answer-in-time': {
    evidence: 'inferred',
    source: 'inferred: the webhook timeout is not documented; callspec assumes limits.responseTimeoutMs',
    description: 'the app answers an event (ACCEPTED, ANSWERED, PLAYED…) within limits.responseTimeoutMs of virtual time (4 s by default); an answer its own timer holds back longer is taken, with a warning',
  },
})

export type WebexRuleId = keyof typeof WEBEX_RULES
