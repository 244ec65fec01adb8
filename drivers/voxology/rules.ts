import { defineRules } from '../../src/validation/rules.js'
import type { FoundIssue } from '../../src/validation/graded-check.js'

const UNREADABLE = 'the platform cannot run a script it cannot read'

/**
 * Every check the Voxology simulation makes, with its evidence. Sources: Voxology's "Programmable
 * Voice" / "Call Flow Loop" documentation (voxolo.gy, api.voxolo.gy) and its own tutorials
 * (github.com/voxology-inc/api-tutorial-number-guessing-game), and where they are silent.
 * `doc`/`sample` rules fail the call; `inferred` ones (the vendor is silent) warn, and the
 * simulation goes on as behaviour.md says. A correction is a one-line change here.
 */
export const VOXOLOGY_RULES = defineRules({
  'voxology/script-shape': {
    evidence: 'doc',
    source: 'Voxology docs: Call Flow Loop, response document {"actions": [...]}',
    fixed: UNREADABLE,
    description: 'a callback answer is {"actions": [...]} of action objects, each with a string type',
  },
  'voxology/action-types': {
    evidence: 'inferred',
    source: 'inferred: Voxology names 23 actions but documents only some, and not what it does with a type it does not know',
    description: 'each action type is one callspec knows (another case is voxology/action-type-case), and a COLLECT nests only prompts (SAY, PLAY); anything else is skipped',
  },
  /**
   * The docs spell every action's type in UPPERCASE and say nothing of another case, nor of what
   * Voxology does with a type it does not read: whether the platform refuses "say" is callspec's
   * inference, so a warning (it failed the call as the docs' word). At warn the action runs as its
   * UPPERCASE type, as redirect-method-case sends "post" as POST: skipping it made a script of
   * lower-case actions play nothing, called back until the no-progress limit (newcomer audit h183).
   */
  'voxology/action-type-case': {
    evidence: 'inferred',
    source: "inferred: the docs spell an action's type in UPPERCASE (SAY, COLLECT, HANGUP) and do not say what the platform does with another case",
    description: 'an action type callspec knows is written in UPPERCASE (at warn "say" runs as SAY; strict fails the call)',
  },
  'voxology/action-schema': {
    evidence: 'doc',
    source: 'Voxology docs and tutorials: Call Flow Actions',
    fixed: UNREADABLE,
    description: 'each action has the fields the docs and tutorials show, with their types (SAY params.text, COLLECT params.num_digits…; those of a REDIRECT cite voxology/redirect-schema, from the samples)',
  },
  /**
   * REDIRECT is known only from Voxology's tutorials, not its docs' pages: its schema issues cite
   * them (evidence `sample`, still the vendor's own word, so an error), not the docs (audit h154
   * G4). Fixed as action-schema is: there is no next callback to send without a url and a method.
   */
  'voxology/redirect-schema': {
    evidence: 'sample',
    source:
      "Voxology's tutorials (github.com/voxology-inc/api-tutorial-number-guessing-game), not its docs' pages: REDIRECT has params.url, and params.method POST (every sample) or GET (the docs' other callback method)",
    fixed: UNREADABLE,
    description: 'a REDIRECT has an absolute http(s) params.url and, if it has one, a params.method that is a method name (letters; which ones is voxology/redirect-method, their case voxology/redirect-method-case)',
  },
  /**
   * The samples send POST alone; GET is the docs' other callback method (call flow configuration).
   * No page lists the methods a REDIRECT takes, nor says one is refused: "PUT" failed the call as
   * the samples' word under voxology/redirect-schema (h203). Inferred, so it warns.
   */
  'voxology/redirect-method': {
    evidence: 'inferred',
    source: "inferred: Voxology's samples send REDIRECT method POST, the docs configure callbacks as POST or GET, and no page lists the methods a REDIRECT takes or says one is refused",
    description: 'a REDIRECT params.method is POST or GET (at warn another, such as "PUT", is sent as POST, as every sample does; strict fails the call, as callspec\'s rule)',
  },
  'voxology/redirect-method-case': {
    evidence: 'inferred',
    source: "inferred: Voxology's samples send REDIRECT method in upper case (POST), and no page says whether the platform takes another case",
    description: 'a REDIRECT params.method is upper case, POST or GET (at warn "post" or "Get" is sent as POST or GET)',
  },
  'voxology/redirect-url': {
    evidence: 'inferred',
    source: 'inferred: the docs and tutorials show only absolute REDIRECT urls and a placeholder host ("YOUR HOST URL/game"), and say nothing of relative ones',
    description: 'a REDIRECT params.url is an absolute http(s) URL; a relative one or a placeholder host goes to the app under test, as with vendor.resolveUrl: true',
  },
  'voxology/play-url': {
    evidence: 'inferred',
    source: 'inferred: the docs and tutorials show only absolute PLAY urls (S3), and say nothing of relative ones',
    description: 'a PLAY params.url is an absolute http(s) URL; another one (/audio/welcome.mp3) is played as written',
  },
  'voxology/unknown-keys': {
    evidence: 'inferred',
    source: 'inferred: not documented (Voxology documents no rejection of unknown fields)',
    description: 'an action or a make-call request holds no key the docs do not name (at warn the key is dropped)',
  },
  /**
   * null sent in a field the docs make optional (`owner_ref: null`, a COLLECT's `timeout: null`):
   * the docs type these fields without null and do not say what Voxology does with one. Apps send
   * such nulls routinely (Python's dataclasses.asdict, C# and Java serialisers), and JSON backends
   * mostly read them as the field absent; Voxology's own callbacks write null for "none"
   * (`custom_data: null`, `session_data: null`). Inferred: read as absent, with a warning. A
   * required field sent as null stays missing: the schema's failure.
   */
  'voxology/null-optional': {
    evidence: 'inferred',
    source: 'inferred: the docs type the optional fields of actions and the make-call request without null and do not say what Voxology does with null in one',
    description: 'an action or a make-call request sends no null in an optional field (at warn the field is read as absent, as most JSON backends read it; a required field sent as null is missing, a failure)',
  },
  'voxology/make-call-schema': {
    evidence: 'doc',
    source: 'Voxology docs: Make Call (POST /v1/Dials/Connect), call.no and call.caller_id_no',
    fixed: 'the platform cannot place a call it cannot read',
    description: 'a make-call request has call.no and call.caller_id_no (E.164) and the documented fields with their types (session_data, timeout, max_call_time)',
  },
  /**
   * A make-call body that is not JSON: the docs' make-call is a JSON body (call.no, call.caller_id_no),
   * and one that does not parse holds neither. Fixed, as make-call-schema is. Voxology documents no
   * REST error format: the 400 invalid_json is callspec's, and the failure says so. Its failure named
   * no rule (h203).
   */
  /**
   * The docs' auth: an x-api-key header on every REST request. A make-call with none (or another key
   * than vendor.apiKey) is refused 401 (403), the status and body callspec's, as Voxology documents
   * no error format; its failure named no rule (helper-205), where 8x8/api-key and
   * enablex/credentials do. Fixed: the platform runs no request it cannot authenticate. A request
   * with Authorization: Basic instead is voxology/api-key-header's (inferred).
   */
  'voxology/api-key': {
    fixed: 'the platform runs no request it cannot authenticate',
    evidence: 'doc',
    source: "Voxology docs: REST API reference, auth header x-api-key: <API key> (the 401 or 403 and its body are callspec's: Voxology documents no error format)",
    description: 'a REST request carries the API key in x-api-key (vendor.apiKey, when the test sets one); one with none is refused 401, another key 403',
  },
  /**
   * A request body sent compressed (Content-Encoding: gzip, deflate, br): Voxology documents none, so
   * whether it takes one is callspec's inference. callspec decodes it, as the servers in front of
   * such an API plausibly do, and warns; at error (strict) it refuses it 415, its own answer. Refused
   * as not JSON, it failed the call on a point the vendor never made (helper-205).
   */
  'voxology/compressed-body': {
    evidence: 'inferred',
    source: "inferred: Voxology documents no compressed request body (Content-Encoding); the servers in front of an API plausibly decode gzip, deflate and br, or answer 415",
    description: 'a REST request body is sent uncompressed (one sent with Content-Encoding gzip, deflate or br is decoded and read, with a warning)',
  },
  'voxology/invalid-json': {
    evidence: 'doc',
    source: 'Voxology docs: Make Call (POST /v1/Dials/Connect), a JSON body (content-type: application/json); the 400 invalid_json is callspec\'s, Voxology documents no REST error format',
    fixed: 'the platform cannot place a call it cannot read',
    description: 'a make-call request body is JSON (one that is not is refused 400 invalid_json, callspec\'s answer)',
  },
  'voxology/make-call-bounds': {
    evidence: 'inferred',
    source: 'inferred: the docs give make-call timeout and max_call_time as integers, with no bounds',
    description: 'a make-call timeout or max_call_time is at least 1 (one under 1 is ignored: the default applies)',
  },
  /**
   * The docs give max_call_time no unit; their one example is 60000, read as milliseconds (one
   * minute). Any value may be seconds (300: 0.3 s or 5 min; 14400: 14.4 s or 4 h), so callspec
   * does not end a call on its guess of the unit unless told to (audit h172 F1, h175 F5).
   */
  'voxology/max-call-time-unit': {
    evidence: 'inferred',
    source: "inferred: the docs give make-call max_call_time no unit; callspec reads it as milliseconds from the docs' one example (60000)",
    description:
      'a make-call max_call_time is enforced as milliseconds only at error; at warn the call goes on past it read as ms, with a warning naming both readings (one under 10000, a call under 10 s as ms, is warned of at the make-call request, and the call has no time limit); at off it is not enforced and nothing is said',
  },
  'voxology/conditions': {
    evidence: 'doc',
    source: 'Voxology docs: IF conditions are "evaluated like JavaScript"',
    fixed: 'callspec cannot evaluate a condition that is not JavaScript',
    description: 'an IF condition is a JavaScript expression: one that does not parse as JavaScript (an unclosed quote, `$a ==`) cannot be evaluated',
  },
  'voxology/condition-subset': {
    evidence: 'inferred',
    source: 'inferred: the docs evaluate IF conditions "like JavaScript" and name no subset; callspec runs a safe one, without assignment or calls other than a few pure ones',
    description:
      'an IF condition uses the JavaScript callspec evaluates ($variables, literals, operators, ? :, typeof, .length and [i], templates, parseInt/Number/String… and string methods such as startsWith); callspec reads any other (an assignment, another call, a global, instanceof, the comma operator) as false, and the IF takes orElse',
  },
  'voxology/known-variables': {
    evidence: 'inferred',
    source: 'inferred: the docs show $keyPresses, $sessionData and ${callTime}, and do not publish the full list of native variables',
    description: 'conditions and templates read only the variables the docs show; another one reads as undefined',
  },
  'voxology/templates': {
    evidence: 'inferred',
    source: 'inferred: the docs show ${keyPresses} and ${sessionData.<key>} in SAY text, and do not say what other forms or a missing value speak',
    description:
      'SAY text reads variables as ${…} paths with a value; another form ($keyPresses, {{$keyPresses}}, ${a + b}) is spoken as written, a missing value as nothing; a SESSIONDATA value holding ${…} is stored as written',
  },
  'voxology/condition-values': {
    evidence: 'inferred',
    source: 'inferred: the docs evaluate IF conditions "like JavaScript", where a key never set reads as undefined, and do not say whether Voxology reports one',
    description:
      'an IF condition reads only $sessionData keys that were set (by SESSIONDATA, DIAL or the make-call session_data); one never set reads as undefined, as in JavaScript, and the IF goes on with that value (once per key per call)',
  },
  'voxology/goto-targets': {
    evidence: 'inferred',
    source: 'inferred: a GOTO to no LABEL, two LABELs of one name, and an empty LABEL name or GOTO label (a string, no minimum length documented) are not documented',
    description:
      'every GOTO names a LABEL of the script, no LABEL is defined twice, and no LABEL name or GOTO label is empty or blank (a GOTO to no LABEL ends the script; of two LABELs the first counts; an empty name is matched as written, like any other)',
  },
  'voxology/collect-timeout': {
    evidence: 'inferred',
    source: 'inferred: the docs give COLLECT timeout in milliseconds (3000, 5000) and set no minimum',
    description: 'a COLLECT timeout under 100 looks like seconds written as milliseconds (it still runs as milliseconds)',
  },
  'voxology/finish-on-key': {
    evidence: 'inferred',
    source: 'inferred: the docs show finish_on_key "pound" and a third-party sample "#"; no other value is documented',
    description: 'finish_on_key is "pound" or one key 0-9, * or #; "star" is taken as * by analogy, another word ends nothing',
  },
  'voxology/conference-name': {
    evidence: 'inferred',
    source: 'inferred: the docs require CONFERENCE params.name, a string, and set no minimum length',
    description: 'a CONFERENCE names its conference (at warn an empty or blank name is joined as written, like any other)',
  },
  'voxology/play-loop': {
    evidence: 'inferred',
    source: "inferred: the docs give loop (an integer ≥1) for SAY only; PLAY's loop is not evidenced",
    description: 'a PLAY loop is an integer of at least 1 (the schema takes any value; at warn one under 1 or not an integer, such as 1.5 or "2", plays the file once, as with no loop)',
  },
  /**
   * The docs write SAY loop and COLLECT num_digits as "integer ≥1" with examples of 1, but Voxology
   * publishes no numeric limits: the lower bound is callspec's reading, not a documented rule, so
   * it warns as make-call-bounds and play-loop do (audit h172 F7: it failed as voxology/action-schema,
   * cited as the docs, and could not be relaxed). The type check stays in action-schema.
   */
  'voxology/action-bounds': {
    evidence: 'inferred',
    source: 'inferred: the docs show SAY loop and COLLECT num_digits as integers (examples use 1) and publish no bounds, nor what 0 does',
    description:
      'a SAY loop and a COLLECT num_digits are at least 1 (at warn a SAY loop under 1 speaks once, as with no loop; a COLLECT num_digits under 1 sets no digit limit, as with none: its finish_on_key or its timeout ends it)',
  },
  'voxology/say-text': {
    evidence: 'inferred',
    source: 'inferred: the docs require SAY params.text and do not say what an empty one does',
    description: 'a SAY has something to say (an empty or blank text says nothing)',
  },
  'voxology/dial-params': {
    evidence: 'inferred',
    source: 'inferred: Voxology documents DIAL by name only; callspec reads it like the make-call body (params.no, caller_id_no, timeout in s)',
    description: 'a DIAL has params.no, an E.164 number (without one it is not simulated and the script goes on)',
  },
  'voxology/path-case': {
    evidence: 'inferred',
    source: 'inferred: the docs spell the REST paths /v1/Dials/Connect and /v1/History/Logs/Calls/{callId} and do not say whether the API matches them in another case',
    description:
      'the app spells a REST path as the docs do (/v1/Dials/Connect); at warn a path that differs only in case (/v1/dials/connect) is answered as the documented route, at error it is refused 404 not_found, the refusal callspec\'s',
  },
  'voxology/api-key-header': {
    evidence: 'inferred',
    source: "inferred: the docs authenticate REST requests with an x-api-key header; Voxology's Postman environment also defines a BASIC_AUTH value, and the docs do not say what it is for",
    description:
      'a REST request (make-call, call log) carries x-api-key; at warn one that carries only Authorization: Basic … is accepted (vendor.apiKey is not checked against it; another scheme, Bearer …, is refused 401 as a request with no credentials), at error it is refused 401 unauthorized, the refusal callspec\'s',
  },
  'voxology/make-call-content-type': {
    evidence: 'inferred',
    source: 'inferred: the docs send JSON bodies with content-type application/json and do not say what the API does with another content type',
    description: "the app sends its make-call body with content-type application/json (a JSON body sent as text/plain, fetch()'s default for a string, is read anyway)",
  },
  'voxology/answer-content-type': {
    evidence: 'inferred',
    source: 'inferred: the docs answer callbacks with application/json and do not say what another content type does',
    description: 'the app answers a callback with content-type application/json (a JSON script sent as another type is read anyway)',
  },
  'voxology/collect-names': {
    evidence: 'inferred',
    source: 'inferred: not documented (key_presses[].name is how the next callback tells COLLECTs apart)',
    description: 'a script with two or more COLLECTs names each one (vendor.requireCollectNames: false skips the check)',
  },
  /**
   * An empty answer (an empty 2xx, a 204, or `{}`: a JSON object that names no script, the
   * acknowledgement Voxology's SMS tutorial sends) to a live callback (init_call, redirect, script_end).
   * Documented: a callback is answered with HTTP 200 and {"actions": [...]}; only the final
   * callback (call over) "expects no response body" (Voxology's Call Flow Loop docs, Callback
   * Request). Not documented: what Voxology does with a live callback answered with no body (its
   * docs say nothing of invalid answers). Inferred, so a warning: callspec reads no script as the
   * end of the flow, the call ends (by the platform, hangup_end system) and the final callback goes
   * out. callspec does not restart the loop as when a script runs out: an app that acknowledges
   * with an empty body would be called again and again, which no reading of the docs suggests.
   */
  'voxology/empty-callback-answer': {
    evidence: 'inferred',
    source: 'inferred: the docs answer a live callback with {"actions": [...]} and say only the final callback takes no body; what Voxology does with an empty answer is not documented',
    description:
      'a live callback (init_call, redirect, script_end) is answered with a script, not an empty body, a 204 or {} (at warn the flow ends: the call ends, then the final callback)',
  },
  /**
   * An answer to a live callback that holds no script callspec can read: HTML, text that is not
   * JSON (`OK`), broken JSON, a compressed body, a non-2xx (a 3xx is not followed). Documented: the
   * answer is HTTP 200 with {"actions": [...]}; what Voxology does with another is not (its docs
   * say nothing of invalid JSON), and the message says callspec's inference (the call ends) as
   * such. Fixed, not inferred-at-warn: with no script there is nothing to run, so a warning could
   * only go on with an invented outcome, and docs/rules.md makes a payload the platform cannot read
   * a fixed error. JSON that reads but is not {"actions": [...]} is voxology/script-shape's.
   */
  'voxology/callback-answer': {
    evidence: 'doc',
    source: 'Voxology docs: Call Flow Loop, "Response: HTTP 200 with application/json body {"actions": [...]}"; what Voxology does with another answer is callspec\'s inference',
    fixed: 'the platform has no script to run in an answer it cannot read',
    description: 'a live callback is answered with a 2xx and a body that reads as JSON (HTML, OK, broken JSON or a non-2xx fail the call: callspec infers the call ends)',
  },
  'voxology/final-callback-answered': {
    evidence: 'inferred',
    source: 'inferred: not documented (the final callback expects no body; a 404 means the app has no route for it)',
    description: 'the app answers callbacks sent after the end of the call with a 2xx',
  },
  'voxology/answer-in-time': {
    evidence: 'inferred',
    source: 'inferred: the webhook timeout is not documented; callspec assumes limits.responseTimeoutMs',
    description: 'the app answers a callback within limits.responseTimeoutMs of virtual time (4 s by default); an answer its own timer holds back longer is taken, with a warning',
  },
})

export type VoxologyRuleId = keyof typeof VOXOLOGY_RULES

/** An issue found by one rule; graded by the call's rule book when the script has been read. */
export type RuleIssue = FoundIssue & { rule: VoxologyRuleId }
