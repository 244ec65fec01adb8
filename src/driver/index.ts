/** What a driver author needs from the core: the contract, and the shared helpers. */
export type {
  RuleIdOf,
  Driver,
  AnyDriver,
  CallContext,
  CallSetup,
  CallerInput,
  Delivery,
  PartyBehaviour,
  PlatformCall,
  Limits,
  TriggerContext,
} from './types.js'
export { defineDriver } from './define-driver.js'
export { WaitingCalls, type Waiter } from './waiting-calls.js'
export { TriggerRecord } from './trigger-record.js'
export { typeKeys, type Keystrokes } from './type-keys.js'
export { REACTION_MS, speechStartsAt } from './reaction.js'
export { schedulePrompts, recordHeard, spokenMs, cutShort, type Scheduled } from './heard.js'
export { recordApi } from './record-api.js'
export { caseAndMethod, caseVariantIn, caseVariantOf, pathCaseIssue } from './path-case.js'
export { dialledIn, refusedRequestError, refuseWaiting } from './refused-request.js'
export { COMPRESSED_REFUSED, bodyEncoding, compressedBodyIssue, encodedBodySaid, encodedBodyShown } from './encoded-body.js'
export { queryInsteadOfBody } from './query-instead-of-body.js'
export { unawaitedMakeCall } from './unawaited-make-call.js'
export { isStoppedAtCallEnd } from './stopped-at-end.js'
export { isJsonContentType, mediaTypeOf } from './media-type.js'
export { withoutTrailingSlashes } from '../utils/trailing-slashes.js'
export { decodeSegment } from '../utils/path-segment.js'
export { notJsonSaid } from '../utils/json-syntax-error.js'
export { EndedCalls } from '../api/ended-calls.js'
export { attributeToEndedCall } from '../api/stray-requests.js'
export { answeredLike } from './answer-like.js'
export { markOwnShape } from './own-shape.js'
export type { ApiRequest, ApiResponse, PlatformApi } from '../api/types.js'
export type { Timer } from '../clock/virtual-clock.js'
export type { ActionRecord, Listening, Prompt, WireRequest, WireResponse } from '../session/types.js'
export { DECLINED_WHILE_RINGING } from '../session/types.js'
export type { ValidationIssue, ValidationResult, VendorError } from '../validation/types.js'
export { check } from '../validation/parse.js'
export { tooDeep } from '../validation/depth.js'
export { formatIssues, toValidationIssues } from '../validation/format-issues.js'
export { readJson, describeExchange, errorPageInline } from '../validation/read-response.js'
export { namesNothing } from '../validation/no-instruction.js'
export { AppResponseError } from '../errors/app-response-error.js'
export { VendorPayloadError } from '../errors/vendor-payload-error.js'
export { CallspecError } from '../errors/callspec-error.js'
export { isWaitTimeout } from '../errors/wait-timeout.js'
export { RuleBook, defineRules, defaultLevel, ruleCitation, type Evidence, type RuleDef, type RuleLevel, type RuleTable, type RuleBreach, type RuleCitation } from '../validation/rules.js'
export { gradedCheck, gradedResult, tagIssues, type FoundIssue, type SchemaRules, type GradedCheck } from '../validation/graded-check.js'
export { readNulls } from '../validation/null-optional.js'
export { pathKeys, quoteValue, valueAt } from '../validation/format-issues.js'
export { nextTurn, realNow, realTimers } from '../clock/real-timers.js'
export { MEMORY_ORIGIN } from '../transport/memory-transport.js'
export { TransportError, notAnsweredWithin, toWaitLonger, type CallspecWait } from '../transport/transport-error.js'
export { NEVER_ANSWERED, noCompleteAnswer } from '../transport/exchange.js'
