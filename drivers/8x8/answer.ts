import {
  AppResponseError,
  VendorPayloadError,
  describeExchange,
  formatIssues,
  readJson,
  type CallContext,
} from '../../src/driver/index.js'
import type { EightByEightOptions } from './behaviour.js'
import { checkVcaResponse, sessionErrorFor } from './check-callflow.js'
import { SESSION_ERROR, type SessionError } from './codes.js'
import type { Action } from './schemas.js'
import type { Exchange } from './webhooks.js'

/** A callflow the app answered a VCA with, ready to run. */
export type Answer = { clientActionId?: string; callflow: Action[] }

/** An answer 8x8 cannot run: the session error it causes, a one-line cause, and the failure to report. */
export type BadAnswer = { error: SessionError; cause: string; thrown: Error }

/**
 * Reads and checks the app's answer to a VCA (§2.1.1). An answer 8x8 cannot run is not thrown at
 * once: it ends the session with a session error (-2003, or -2005 / -2008), so the VSS goes out first.
 * `legs`: how many legs the session has had, which limits the makeCalls the answer may add.
 */
export function readAnswer(ctx: CallContext, exchange: Exchange, options: EightByEightOptions, legs: number, callStatus: 'CALL_RECEIVED' | 'ACTION_COMPLETED'): Answer | BadAnswer {
  const { request, response } = exchange
  let raw: unknown
  try {
    raw = readJson(response, { event: 'CALL_ACTION', expected: 'a JSON object { clientActionId?, callflow: [...] }' }, request)
  } catch (error) {
    const e = error as AppResponseError
    const [first = ''] = e.message.split('\n')
    return { error: SESSION_ERROR.invalidCallflow, cause: first, thrown: withSessionError(e, SESSION_ERROR.invalidCallflow, callStatus === 'ACTION_COMPLETED' && exchange.response.status === 404 ? NO_VCA_ROUTE : '') }
  }
  const checked = checkVcaResponse(raw, { options, legs, rules: ctx.rules })
  if (checked.ok) {
    ctx.warnIssues(checked.warnings, "the app's answer to CALL_ACTION")
    return checked.data
  }
  const { code, message, issues } = checked.problem
  const error = sessionErrorFor(code)
  const thrown = new VendorPayloadError(
    `the app's answer to CALL_ACTION is not a callflow 8x8 can run, so ${sessionEnds(error)}:\n` +
      `${formatIssues(issues)}\n8x8's check: ${code} ${message}\n${describeExchange(request, response)}`,
    issues,
  )
  return { error, cause: `${code} ${message}`, thrown }
}

/** Keeps the reader's error class, and names the session error it caused (and a hint, if any). */
function withSessionError(error: AppResponseError, session: SessionError, hint = ''): Error {
  const [first = '', ...rest] = error.message.split('\n')
  return new AppResponseError([`${first} So ${sessionEnds(session)}.${hint}`, ...rest].join('\n'))
}

/**
 * Said of a 404 to the VCA asking what next (ACTION_COMPLETED: the callflow ran out): most likely
 * an app with no VCA webhook at all (a voice message sent with Send Callflow), which callspec assumed it has.
 */
const NO_VCA_ROUTE =
  " The callflow ran out without a hangup, so 8x8 asks the VCA webhook for the next step (callspec's inference); if your subaccount has no VCA webhook (a voice message sent with Send Callflow), end the callflow with hangup or tell callspec with vendor: { vcaPath: null }."

/**
 * How the session ends, and whose word that is: 8x8 documents -2008 for a source it has not
 * whitelisted (§1.1); for any other answer it cannot run it documents no outcome (§2.1.1), so the
 * code is callspec's inference and the message says so.
 */
function sessionEnds(error: SessionError): string {
  if (error.code === SESSION_ERROR.notWhitelisted.code) return `8x8 ends the session with ERROR ${error.code} (${error.message})`
  return `the session ends with ERROR ${error.code} (${error.message}), callspec's inference (8x8 does not document what it does with an answer it cannot run)`
}
