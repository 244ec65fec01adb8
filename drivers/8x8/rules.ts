import { defineRules } from '../../src/validation/rules.js'

/**
 * Every check the 8x8 simulation makes, with its evidence. The codes are 8x8's Send Callflow
 * status codes ("Status codes" in the Voice API reference, developer.8x8.com/connect); a
 * correction is a one-line change here. A rule at 'warn' lets the callflow run as sent.
 */
export const EIGHT_RULES = defineRules({
  /**
   * A request body sent compressed (Content-Encoding: gzip, deflate, br): 8x8 documents none, so
   * whether it takes one is callspec's inference. callspec decodes it, as the servers in front of
   * such an API plausibly do, and warns; at error (strict) it refuses it 415, its own answer. Refused
   * as not JSON, it failed the call under 8x8/invalid-json, the vendor's word (helper-205).
   */
  '8x8/compressed-body': {
    evidence: 'inferred',
    source: "inferred: 8x8 documents no compressed request body (Content-Encoding); the servers in front of an API plausibly decode gzip, deflate and br, or answer 415",
    description: 'a REST request body is sent uncompressed (one sent with Content-Encoding gzip, deflate or br is decoded and read, with a warning)',
  },
  '8x8/invalid-json': { evidence: 'doc', fixed: 'the platform cannot run what it cannot read', source: '8x8 docs: Send Callflow status codes, -1001', description: 'the body is JSON' },
  /**
   * The refusals before the body is read (8x8's Send Callflow responses, each with its sample body):
   * a missing or wrong bearer token 401, a subaccount 8x8 does not know 404. Fixed: the platform
   * runs nothing for a request it cannot authenticate or place in a subaccount. Their failures
   * named no rule (h203): they list the refusal as an issue under these.
   */
  '8x8/api-key': {
    evidence: 'doc',
    fixed: 'the platform runs no request it cannot authenticate',
    source: '8x8 docs: Send Callflow responses, 401 "Authentication header not found or token invalid" (Authorization: Bearer <API key>)',
    description: 'a Send Callflow request carries Authorization: Bearer <API key> (vendor.apiKey, when the test sets one)',
  },
  '8x8/subaccount': {
    evidence: 'doc',
    fixed: 'the platform has no subaccount to run the callflow in',
    source: '8x8 docs: Send Callflow, subAccountId (3-50 of A-Z a-z 0-9 - . _ &), and its 404 "SubAccount not found by Id"',
    description: "a Send Callflow request's path names a subaccount id of the documented form (vendor.subAccountId, when the test sets one)",
  },
  '8x8/callflow-schema': {
    fixed: 'the platform cannot run what it cannot read',
    evidence: 'doc',
    source: '8x8 docs: Send Callflow, -1009',
    description:
      "every action has its documented fields and types (say's text and sayAndCapture's promptMessage ≤ 3000, speed 0.5–2, maxDigits 1–25, http(s) fileUrl…); a maxDigits out of range with completeOnHash false is 8x8/hash-off-needs-max, a say or playFile repetition out of range 8x8/repetition-range",
  },
  /**
   * The 1-3 is documented ("repetition | integer | no | 1 | allowed 1, 2, 3 (max 3)" for say,
   * "repetition | integer | no | 1 | 1–3" for playFile); the code for breaking it is not: the
   * vendor file lists it as unknown, "behaviour of `say` with `repetition` > 3 (presumably
   * `-1009`)". callspec answers that presumed -1009, and the tag says so.
   */
  '8x8/repetition-range': {
    evidence: 'doc',
    fixed: 'callspec runs a say or playFile only as often as 8x8 documents, 1 to 3 times',
    source: '8x8 docs: say and playFile, repetition 1-3; the -1009 for breaking it is presumed: 8x8 does not document the code',
    description: 'a say or playFile repetition is 1, 2 or 3 (callspec answers -1009, the code 8x8 presumably gives: its docs do not say)',
  },
  '8x8/unknown-action': { evidence: 'doc', fixed: 'the platform cannot run what it cannot read', source: '8x8 docs: Send Callflow status codes, -1007', description: 'each action is say, sayAndCapture, makeCall, hangup or playFile' },
  '8x8/empty-text': {
    evidence: 'inferred',
    source: 'inferred: 8x8 sets a 3000-character maximum on TTS texts, and no minimum',
    description: 'text, promptMessage, successMessage and failureMessage are not empty (at warn an empty one plays nothing; strict gives the -1009 a JSON-schema validator would)',
  },
  '8x8/message-length': {
    evidence: 'inferred',
    source: "inferred: 8x8 states a 3000-character maximum for sayAndCapture's promptMessage and say's text, and none for successMessage or failureMessage",
    description:
      "sayAndCapture's successMessage and failureMessage are at most 3000 characters, as its promptMessage (at warn a longer one plays whole; strict gives the -1009 the documented limit gives)",
  },
  '8x8/capture-repetition': {
    evidence: 'inferred',
    source: "inferred: sayAndCapture's repetition is in 8x8's samples, not its schema; callspec applies say's documented 1-3",
    description: "sayAndCapture's repetition is an integer of 1, 2 or 3 (at warn the prompt plays as often as asked, at least once; one that is no integer, 1.5 or \"2\", plays once)",
  },
  /** The OpenAPI's maxProperties bounds are documented (8x8/make-call-params, 8x8/max-properties); a key it does not name within them is not. */
  '8x8/path-case': {
    evidence: 'inferred',
    source: 'inferred: the docs spell Send Callflow POST /api/v1/subaccounts/{subAccountId}/callflows and do not say whether the API takes the path in another case',
    description:
      "the app spells Send Callflow's path as the docs do; at warn one that differs only in case (/api/v1/SubAccounts/{id}/CallFlows) is read as Send Callflow, at error it is refused 404, the refusal callspec's",
  },
  '8x8/unknown-keys': {
    evidence: 'inferred',
    source: "inferred: 8x8's OpenAPI bounds how many keys some callflow objects hold (maxProperties), not what it does with a key it does not name within them",
    description: 'a callflow holds no key the docs do not name (one that takes an object past its documented maxProperties is 8x8/make-call-params or 8x8/max-properties)',
  },
  /**
   * A hangup with `params: null`: 8x8 documents no params for hangup, so what it does with null is
   * not documented; callspec reads it as none, as it does `params: {}`. It warned under
   * 8x8/unknown-keys, so turning unknown keys off silenced it too (helper-205).
   */
  '8x8/null-params': {
    evidence: 'inferred',
    source: 'inferred: 8x8 documents no params for hangup, and not what it does with params: null (its JSON-schema -1009 texts refuse null where a type has none)',
    description: 'a hangup sends no params: null (at warn it is read as no params, as params: {} is; strict answers -1009, said as callspec\'s)',
  },
  /** "OpenAPI: `params` maxProperties 2 in Send Callflow (only source/destination)". */
  '8x8/make-call-params': {
    evidence: 'doc',
    source: '8x8 docs: Send Callflow API reference, makeCall params (maxProperties 2), -1009',
    description: "Send Callflow's makeCall takes only source and destination: callRecording (only in a VCA answer) or any third key is -1009",
  },
  /** "OpenAPI: action object maxProperties 3, params maxProperties 5" (say). */
  '8x8/max-properties': {
    evidence: 'doc',
    source: '8x8 docs: Send Callflow API reference (OpenAPI), say: action object maxProperties 3, params maxProperties 5, -1009',
    description: 'a say action holds at most 3 keys and its params at most 5',
  },
  '8x8/first-action-make-call': { evidence: 'doc', source: '8x8 docs: Send Callflow, -1013', description: "a Send Callflow request's first action is makeCall" },
  /** "No conferencing → at most **2** `makeCall` per callflow (`-1010`)": counted per callflow. */
  '8x8/make-call-count': { evidence: 'doc', source: '8x8 docs: Send Callflow status codes, -1010', description: 'a callflow has at most two makeCall (8x8 has no conferencing)' },
  /** The documented count is per callflow; counting the legs the session already has (an inbound call's) is callspec's reading. */
  '8x8/session-legs': {
    evidence: 'inferred',
    source: "inferred: 8x8 documents at most 2 makeCall per callflow (-1010, no conferencing), not a limit on a session's legs; counting the received call's leg is callspec's reading",
    description:
      "a VCA answer's makeCall do not take the session past two legs, the received call's leg counted (at warn the callflow runs: the first makeCall is bridged, and one that would add a third leg is skipped, with a note)",
  },
  '8x8/hangup-after-capture': {
    evidence: 'inferred',
    source: 'inferred: the docs say not to place hangup right after sayAndCapture (the digits would be ignored), not that 8x8 rejects it; -1012 is callspec\'s guess',
    description: 'hangup does not directly follow sayAndCapture (at warn the callflow runs as sent: the call ends and the digits are never reported)',
  },
  '8x8/hangup-not-last': {
    evidence: 'inferred',
    source: 'inferred: -1012 documented, this trigger not',
    description: 'hangup is the last action of its callflow (actions after it would never run)',
  },
  '8x8/valid-until': { evidence: 'doc', source: '8x8 docs: Send Callflow, validUntil, -1015', description: 'validUntil is not already past' },
  '8x8/destination-msisdn': { evidence: 'doc', source: '8x8 docs: Send Callflow status codes, -1017', description: 'makeCall destination is an MSISDN' },
  '8x8/source-allowed': { evidence: 'doc', source: '8x8 docs: Send Callflow, CLID whitelisting, -1014', description: 'makeCall source is an MSISDN (and whitelisted, vendor.allowedSources)' },
  '8x8/voice-profile': { evidence: 'doc', source: '8x8 docs: Voice Languages and Profiles, -1002', description: 'voiceProfile is one the subaccount has, when the test lists them (vendor.voiceProfiles)' },
  '8x8/voice-profile-listed': {
    evidence: 'inferred',
    source: "inferred: callspec's list holds only the profiles 8x8's pages show, not the vendor's full list",
    description: 'voiceProfile is one 8x8 documents by name (set vendor.voiceProfiles to your subaccount\'s to check it as 8x8 does, -1002)',
  },
  '8x8/min-digits-needs-max': { evidence: 'doc', source: '8x8 docs: sayAndCapture, -1003', description: 'minDigits comes with a maxDigits' },
  '8x8/max-digits-below-min': {
    evidence: 'inferred',
    source: 'inferred: 8x8 documents -1003 when minDigits comes without maxDigits, not what a maxDigits below minDigits does',
    description: "a sayAndCapture's maxDigits is not below its minDigits (at warn the capture takes maxDigits digits as enough; strict gives -1003, as callspec reads \"Valid maxDigits\")",
  },
  /** "false: entry ends when `maxDigits` reached → then `maxDigits` is mandatory and must be **>0 and <26** (`-1008`)". */
  '8x8/hash-off-needs-max': {
    evidence: 'doc',
    source: '8x8 docs: sayAndCapture, -1008',
    description: 'completeOnHash false comes with a maxDigits above 0 and below 26 (a maxDigits out of range is -1008 here, not the -1009 it is with completeOnHash true)',
  },
  '8x8/digit-timeout-needs-overall': { evidence: 'doc', source: '8x8 docs: sayAndCapture, -1005', description: 'digitTimeout comes with overallTimeout' },
  '8x8/overall-not-less-than-digit': { evidence: 'doc', source: '8x8 docs: sayAndCapture, -1006', description: 'overallTimeout is not smaller than digitTimeout (equal is allowed: the docs sample uses 10000/10000)' },
  '8x8/dtmf-needs-vca': { evidence: 'doc', source: '8x8 docs: sayAndCapture, -1004', description: 'a callflow with sayAndCapture needs a VCA webhook (vendor.vcaPath not null)' },
  '8x8/file-type': {
    evidence: 'inferred',
    source: "inferred: 8x8 documents mp3 and wav files, not how it recognises them; callspec reads the Content-Type and the file's first bytes",
    description:
      'a playFile file downloaded from the app is served as an mp3 or wav type (audio/mpeg, audio/wav and their aliases), or as a generic type (application/octet-stream, binary/octet-stream, none) and starts like a WAV or an ID3-tagged mp3 (at warn any other plays: one served as another type, such as text/plain or audio/vnd.wav, whatever its first bytes, and one that does not start like a WAV or ID3-tagged mp3, since an untagged mp3 looks like any other bytes)',
  },
  /** fileUrl: "mp3 or wav". A file off the app is not fetched (callspec reaches only the app), so its URL is all there is to go by. */
  '8x8/file-extension': {
    evidence: 'inferred',
    source: "inferred: 8x8 documents mp3 and wav files, not how it tells a file's format; for a file off the app, which callspec does not fetch, it reads the URL's extension",
    description:
      'a playFile URL callspec does not fetch does not end in another format\'s extension (.ogg, .m4a, .flac, .txt…) (at warn it plays unchecked, as any file off the app; strict ends the session with -2006)',
  },
  '8x8/final-callback-answered': {
    evidence: 'doc',
    source:
      '8x8 docs: session summary (VSS) and call status (VCS) callbacks, "Respond HTTP 200" (what 8x8 does with another answer is not documented: callspec infers it changes nothing, the session being over)',
    // Warn, though documented: the session is over when VSS and VCS go out, and what 8x8 does with
    // another answer is not documented (inferred: nothing the caller meets), so failing the call
    // for it by default would claim a consequence the docs do not give.
    level: 'warn',
    description:
      'the app answers the session summary (VSS) and call status (VCS) webhooks with a 2xx, as 8x8 documents ("Respond HTTP 200"); at warn callspec takes another answer as changing nothing (inferred: not documented), and a 404 as the app having no route for it',
  },
  /**
   * An answer to a documented VCA (a received call, the digits of a sayAndCapture) that holds no
   * JSON callspec can read: HTML, text (OK), broken JSON, an empty body, a compressed body, a
   * non-2xx. Documented: the app answers "in the HTTP 200 response body" with {clientActionId?,
   * callflow}; what 8x8 does with another answer is not (the message says callspec's inference:
   * the session ends, -2003). Fixed, as voxology/callback-answer and webex-connect/no-action-answer
   * are: there is no callflow to run. Its failure named no rule (h198). JSON that reads but is no
   * callflow 8x8 can run is 8x8/callflow-schema's; the VCA sent when a callflow ran out is
   * 8x8/ran-out-answer's.
   */
  '8x8/vca-answer': {
    evidence: 'doc',
    source: "8x8 docs: Responding to Call Action Request, the app answers in the HTTP 200 body with {clientActionId?, callflow}; what 8x8 does with another answer is callspec's inference",
    fixed: 'the platform has no callflow to run in an answer it cannot read',
    description: 'a VCA is answered with a 2xx and a body that reads as JSON (HTML, OK, an empty body, broken JSON or a non-2xx end the session with -2003, callspec infers)',
  },
  '8x8/ran-out-answer': {
    evidence: 'inferred',
    source: 'inferred: 8x8 documents the VCA after sayAndCapture and for a received call, not when a callflow runs out without them, nor what an answer with no callflow does',
    description: 'the VCA callspec sends when a callflow runs out without hangup or sayAndCapture is answered with a callflow (at warn an answer with none, such as an empty 200, OK, {} or a 404, ends the session, COMPLETED)',
  },
  '8x8/answer-in-time': {
    evidence: 'inferred',
    source: 'inferred: the webhook timeout is not documented, nor how long a playFile download may take; callspec assumes limits.responseTimeoutMs',
    description: 'the app answers a call action, and serves a playFile file of its own, within limits.responseTimeoutMs of virtual time (4 s by default); an answer its own timer holds back longer is taken, with a warning',
  },
})

export type EightRuleId = keyof typeof EIGHT_RULES
