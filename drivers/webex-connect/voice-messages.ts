import type { ApiRequest, ApiResponse } from '../../src/driver/index.js'
import { RuleBook } from '../../src/driver/index.js'
import { checkVoiceMessage } from './make-call.js'
import type { ApiCallHandle } from './rest-api.js'
import { duplicateKey, err, readRequest } from './rest-request.js'
import { WEBEX_RULES } from './rules.js'
import { inferredOnly } from '../../src/validation/inferred-lead.js'

/**
 * `POST /v1/voice/messages` (Webex Connect's Make Outbound Calls page, documented): a one-shot
 * voice message, answered 202 `{acceptedTime, messageId, correlationId}` after the make-call's
 * checks (the Voice API v1 reference gives it make-call's auth and headers), and put in the
 * transcript of the call in progress. The message itself is not simulated: no call is placed to its
 * number, nothing plays, no event is sent; the transcript says so. Audit h130 F5: the route
 * answered a Webex-shaped 404 7004, and the call passed with no sign.
 */
export function answerVoiceMessage(req: ApiRequest, owner: ApiCallHandle | undefined): ApiResponse {
  const rules = owner?.rules ?? new RuleBook('webex-connect', WEBEX_RULES)
  const read = readRequest(req, owner?.options ?? {}, rules)
  // `rule`: the rule a refusal was answered under, recorded so a failure listing it says whose it is (audit F5).
  const refused = (answer: ApiResponse, rule?: string) => (owner?.recordApi(req, answer, rule), answer)
  if ('problem' in read) return refused({ status: read.problem.status, body: read.problem.body }, read.problem.issues?.[0]?.rule)
  const checked = checkVoiceMessage(read.body, rules)
  if (!checked.ok) {
    // A refusal by a rule callspec inferred (webex-connect/voice-message-required at error): its answer is callspec's, said in the transcript.
    if (checked.inferred) owner?.note(`callspec refused the voice message by a rule it inferred, not one Webex Connect documents (${checked.issues.map((i) => i.rule).join(', ')}): ${checked.error.code} "${checked.error.message}" is callspec's answer`)
    return refused(err(checked.error.status ?? 400, String(checked.error.code), checked.error.message), inferredOnly(checked.issues)?.[0])
  }
  if (!owner) return err(503, '7006', 'Internal error occurred: no simulated call is in progress for this voice message')
  const { key } = read
  if (key !== undefined) {
    const duplicate = duplicateKey(req, key, owner, 'voice message')
    if (duplicate) return duplicate
    owner.idempotencyKeys.remember(key)
  }
  const { correlationId } = checked.request
  const dialedNumber = checked.request.dialedNumber ?? '(no dialedNumber)'
  const answer = { status: 202, body: { acceptedTime: owner.isoNow(), messageId: owner.newId(), ...(correlationId !== undefined && { correlationId }) } }
  owner.recordApi(req, answer)
  owner.warnIssues([...read.warnings, ...checked.warnings], "the app's voice-message request")
  owner.note(`voice message to ${dialedNumber} accepted (202): callspec answers the route as documented but does not simulate the message (no call is placed to ${dialedNumber}, nothing plays, no event is sent)`)
  return answer
}
