import {
  AppResponseError,
  VendorPayloadError,
  describeExchange,
  formatIssues,
  markOwnShape,
  namesNothing,
  readJson,
  type CallContext,
  type WireResponse,
} from '../../src/driver/index.js'
import { byInferredRule, inferredOnly } from '../../src/validation/inferred-lead.js'
import type { EightByEightOptions } from './behaviour.js'
import { checkVcaResponse, sessionErrorFor } from './check-callflow.js'
import { SESSION_ERROR, type SessionError } from './codes.js'
import { ActionSchema, type Action } from './schemas.js'
import type { Exchange } from './webhooks.js'

/** A callflow the app answered a VCA with, ready to run. */
export type Answer = { clientActionId?: string; callflow: Action[] }

/** An answer 8x8 cannot run: the session error it causes, a one-line cause, and the failure to report. */
export type BadAnswer = { error: SessionError; cause: string; thrown: Error }

/** An answer with no callflow to the VCA callspec asks when a callflow runs out (rule 8x8/ran-out-answer, at warn): the session ends. */
export type NoCallflow = { none: string }

/**
 * Which VCA the app is answering: a received call (CALL_RECEIVED) and the digits of a sayAndCapture
 * (ACTION_COMPLETED with eventData.dtmf) are documented (8x8's Voice Call Action webhook guide);
 * `RAN_OUT`, the ACTION_COMPLETED callspec sends when a callflow runs out with neither hangup nor
 * sayAndCapture, is callspec's inference (see ranOutWithoutCallflow).
 */
export type Asked = 'CALL_RECEIVED' | 'ACTION_COMPLETED' | 'RAN_OUT'

/**
 * Reads and checks the app's answer to a VCA (8x8's Responding to Call Action Request guide). An
 * answer 8x8 cannot run is not thrown at once: it ends the session with a session error (-2003, or
 * -2005 / -2008), so the VSS goes out first. `legs`: how many legs the session has had, which
 * limits the makeCalls the answer may add.
 */
export function readAnswer(ctx: CallContext, exchange: Exchange, options: EightByEightOptions, legs: number, asked: Asked): Answer | BadAnswer | NoCallflow {
  const { request, response } = exchange
  if (asked === 'RAN_OUT' && carriesNoCallflow(response)) return ranOutWithoutCallflow(ctx, exchange)
  let raw: unknown
  // An answer with no JSON to read (rule 8x8/vca-answer, fixed): the failure names it, as every rule's does.
  const { tag, sourceLine } = ctx.rules.breach(UNREADABLE_RULE)!
  try {
    raw = readJson(response, { event: 'CALL_ACTION', expected: 'a JSON object { clientActionId?, callflow: [...] }', sourceLine }, request)
  } catch (error) {
    const e = error as AppResponseError
    const [first = ''] = e.message.split('\n')
    return { error: SESSION_ERROR.invalidCallflow, cause: `${first} (${tag})`, thrown: withSessionError(e, SESSION_ERROR.invalidCallflow, tag) }
  }
  const checked = checkVcaResponse(raw, { options, legs, rules: ctx.rules })
  if (checked.ok) {
    ctx.warnIssues(checked.warnings, "the app's answer to CALL_ACTION")
    return checked.data
  }
  const { code, message, issues } = checked.problem
  const error = sessionErrorFor(code)
  // Failed only by rules callspec inferred (at error): said first, and the code as callspec's answer, never as 8x8's check.
  const inferred = inferredOnly(issues)
  const head = inferred ? `callspec failed the app's answer to CALL_ACTION ${byInferredRule('8x8', ctx.rules, inferred)}` : "the app's answer to CALL_ACTION is not a callflow 8x8 can run"
  const check = inferred ? "callspec's answer, in 8x8's terms" : "8x8's check"
  const hint = unwrappedCallflowHint(raw)
  const failure = new VendorPayloadError(`${head}, so ${sessionEnds(error)}:${hint === undefined ? '' : `\nHint: ${hint}`}\n${formatIssues(issues)}\n${check}: ${code} ${message}\n${describeExchange(request, response)}`, issues)
  const thrown = hint === undefined ? failure : markOwnShape(failure)
  return { error, cause: `${code} ${message}`, thrown }
}

const ACTION_NAMES: ReadonlySet<unknown> = new Set(ActionSchema.options.map((option) => option.shape.action.value))

/** An element of a callflow as 8x8 names its actions (`{"action": "say", …}`). */
const isOwnAction = (item: unknown): boolean => typeof item === 'object' && item !== null && ACTION_NAMES.has((item as { action?: unknown }).action)

/**
 * 8x8's own actions in an answer that is not `{"callflow": [ … ]}`: under another key, or not
 * wrapped at all (one action as the whole answer, `{"action": "say", "params": …}`, or the list
 * bare). The wrapper is the mistake, not the platform: a newcomer's bare `say` was asked
 * "is `platform` right? … an app written for another platform answers like this" (helper-180).
 */
function unwrappedCallflowHint(raw: unknown): string | undefined {
  const misplaced = misplacedCallflow(raw)
  if (misplaced !== undefined) return `the callflow is under "${misplaced}": 8x8 reads it from "callflow" ({"callflow": [ … ]}).`
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isOwnAction)) {
    return 'the answer is a bare list of actions: 8x8 reads them from a "callflow" key of an object ({"callflow": [ … ]}).'
  }
  if (isOwnAction(raw) && !Array.isArray(raw) && !('callflow' in (raw as object))) {
    const name = (raw as { action: string }).action
    return `the answer is one callflow action (${name}), not a callflow: 8x8 runs the list under "callflow", so wrap it: {"callflow": [{"action": "${name}", …}]}.`
  }
  return undefined
}

/**
 * The top-level key an answer with no `callflow` holds a list of 8x8's own actions under
 * (`actions`, `flow`): the key is the mistake, not the platform (helper-125: an 8x8 app answering
 * `{"actions": [{"action": "sayAndCapture", …}]}` was asked whether it was a Voxology app).
 */
function misplacedCallflow(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || 'callflow' in raw) return undefined
  return Object.entries(raw).find(
    ([, value]) => Array.isArray(value) && value.length > 0 && value.every(isOwnAction),
  )?.[0]
}

const UNREADABLE_RULE = '8x8/vca-answer'

/** Keeps the reader's error class, and names the session error it caused and the rule's tag. */
function withSessionError(error: AppResponseError, session: SessionError, tag: string): Error {
  const lines = error.message.split('\n')
  // After what the platform expects, where a non-2xx answer's headline is the app's own error (read-response.ts).
  const expects = lines.findIndex((line) => line.startsWith('The platform expects '))
  const at = expects < 0 ? 0 : expects
  lines[at] = `${lines[at]} So ${sessionEnds(session)} (${tag}).`
  return new AppResponseError(lines.join('\n'))
}

/**
 * The app answered the VCA callspec sends when a callflow runs out (neither hangup nor
 * sayAndCapture in it) with no callflow: an empty 200, `OK`, `{}`, a 404. [inferred] 8x8 documents
 * the VCA "when an action completes and the platform needs the next step, notably after
 * sayAndCapture" and for a received call (8x8's Voice Call Action webhook guide); that it asks when
 * a callflow runs out is callspec's reading, and what an empty or invalid answer does is not
 * documented either (8x8's Responding to Call Action Request guide; the most plausible reading: the
 * session ends, then the VSS). So such an answer is rule 8x8/ran-out-answer, inferred: at warn the
 * session ends as after an empty callflow (COMPLETED, by the platform), with a warning; at error
 * (strict) it ends with ERROR -2003 as any answer 8x8 cannot run, and the failure carries the
 * rule's tag. An answer that does carry a callflow (even a broken one) is read as any other VCA
 * answer.
 */
function ranOutWithoutCallflow(ctx: CallContext, { request, response }: Exchange): NoCallflow | BadAnswer {
  const answered = `the app answered the CALL_ACTION sent when its callflow ran out (no hangup, no sayAndCapture) with ${describeBody(response)}, which holds no callflow`
  const hint = response.status === 404 ? NO_VCA_ROUTE : ''
  const warning = `${answered}: 8x8 documents this VCA after sayAndCapture and for a received call, not when a callflow runs out, nor what an answer with no callflow does, so callspec ends the session as 8x8 most plausibly would, COMPLETED.${hint}`
  if (!ctx.breaks(RAN_OUT_RULE, warning)) return { none: warning }
  const error = SESSION_ERROR.invalidCallflow
  const { tag, sourceLine } = ctx.rules.breach(RAN_OUT_RULE)!
  const thrown = new AppResponseError(`callspec failed the call ${byInferredRule('8x8', ctx.rules, [RAN_OUT_RULE])}: ${answered}, so ${sessionEnds(error)} (${tag}).${hint}\n${sourceLine}\n${describeExchange(request, response)}`)
  return { error, cause: `${answered} (${tag})`, thrown }
}

const RAN_OUT_RULE = '8x8/ran-out-answer'

/**
 * Whether an answer carries no callflow: any non-2xx (a 404 above all: no VCA route), or a 2xx
 * that names nothing (namesNothing: empty, `OK`, `{}`…) for want of a callflow key. A callflow
 * key in any case (`callFlow`), an array, text that starts like JSON but does not parse and a
 * compressed body are answers that meant a callflow: they are read and checked as any VCA answer.
 */
function carriesNoCallflow(response: WireResponse): boolean {
  if (response.status < 200 || response.status > 299) return true
  return namesNothing(response, (answer) => Object.keys(answer).some((key) => /^call_?flows?$/i.test(key)))
}

/** `HTTP 404`, `an empty body`, or the body, shortened. */
function describeBody(response: WireResponse): string {
  const body = response.body.trim().replace(/\s+/g, ' ')
  const quoted = body.length > 40 ? `${body.slice(0, 40)}…` : body
  if (response.status < 200 || response.status > 299) return `HTTP ${response.status}`
  return body === '' ? 'an empty body' : JSON.stringify(quoted)
}

/**
 * Said of a 404 to the VCA asking what next (the callflow ran out): most likely an app with no VCA
 * webhook at all (a voice message sent with Send Callflow), which callspec assumed it has.
 */
const NO_VCA_ROUTE =
  " A 404 means the app has no route for the VCA at that path: if your subaccount has no VCA webhook (a voice message sent with Send Callflow), end the callflow with hangup or tell callspec with vendor: { vcaPath: null }."

/**
 * How the session ends, and whose word that is: 8x8 documents -2008 for a source it has not
 * whitelisted (8x8's Send Callflow reference); for any other answer it cannot run it documents no
 * outcome (8x8's Responding to Call Action Request guide), so the code is callspec's inference and
 * the message says so.
 */
function sessionEnds(error: SessionError): string {
  if (error.code === SESSION_ERROR.notWhitelisted.code) return `8x8 ends the session with ERROR ${error.code} (${error.message})`
  return `the session ends with ERROR ${error.code} (${error.message}), callspec's inference (8x8 does not document what it does with an answer it cannot run)`
}
