import type { CallContext, CallSetup, WireRequest, WireResponse } from '../../src/driver/index.js'
import { AppResponseError, CallspecError, VendorPayloadError, describeExchange, formatIssues, isJsonContentType, markOwnShape, readJson } from '../../src/driver/index.js'
import { BEHAVIOUR, type VoxologyOptions } from './behaviour.js'
import { callbackRequest, summarizeCallback, toQuery, withQuery, type CallbackKind } from './callback.js'
import type { CallState } from './call-state.js'
import { checkScript, UNEVALUATED_CONDITION, type CheckedScript } from './script.js'
import { isUnwrappedScript } from './type-check.js'
import { EMPTY_RULE, EXPECTED, isEmptyObject, noScriptProblem } from './empty-answer.js'
import { byInferredRule, inferredOnly, ruleFailure } from '../../src/validation/inferred-lead.js'

type Method = 'GET' | 'POST'
type Exchange = { request: WireRequest; response: WireResponse }

/** What the loop needs from the call. */
export interface LoopHost {
  /** The call is answered and not over: answers are run. */
  readonly live: boolean
  /** Runs the script the app answered with. */
  runScript(script: CheckedScript): void
  /** A live callback was answered with no script (rule voxology/empty-callback-answer, at warn): the platform ends the call. */
  noScript(): void
}

/** The path and query of a callback target: a REDIRECT's host is replaced by the app under test. */
const pathOf = (url: string): string => {
  const parsed = new URL(url, 'http://app-under-test')
  return `${parsed.pathname}${parsed.search}`
}

const UNREADABLE_RULE = 'voxology/callback-answer'

/**
 * The callback loop (Voxology's Call Flow Loop docs, Callback Request; Voxology's Call Flow Loop
 * description): a callback goes out, the app answers with a script, the platform runs it; when the
 * script runs out or REDIRECTs, the next callback goes out, and the last one when the call ends.
 */
export class CallbackLoop {
  /** The number's callback URL (the flow's webhook path) and method: where the loop starts over. */
  readonly #configured: string
  readonly #method: Method
  /** The call's last REDIRECT: where the final callback goes under vendor.finalCallbackTarget 'last-redirect'. */
  #lastRedirect: { url: string; method: Method } | undefined
  /** Consecutive callbacks sent without virtual time passing in between. */
  #stalls = 0
  #lastCallbackAt = -1

  constructor(
    private readonly ctx: CallContext,
    private readonly setup: CallSetup<VoxologyOptions>,
    private readonly state: CallState,
    private readonly call: LoopHost,
  ) {
    this.#configured = setup.webhookPath
    this.#method = state.options.callbackMethod ?? BEHAVIOUR.callbackMethod
  }

  /** The call is answered: the first callback, now. */
  first(): Promise<void> {
    return this.#send('first', this.#configured, this.#method)
  }

  /** REDIRECT: the next callback goes to the script's URL. */
  redirect(url: string, method: Method): void {
    this.#lastRedirect = { url, method }
    this.#schedule('redirect', url, method)
  }

  /**
   * The script ran out: the process starts over at the number's URL (Voxology's Call Flow Loop
   * description, "the process starts over again with Step Two").
   */
  scriptEnded(): void {
    this.#schedule('scriptEnd', this.#configured, this.#method)
  }

  /**
   * The call is over: the final callback. [inferred] The docs name a callback's target as the
   * number's configured URL "or the URL of the last REDIRECT", and do not say which the final one
   * uses. callspec sends it to the configured URL, where the loop starts over when a script runs
   * out (the final callback reports the call, as the number's own URL does for every call), unless
   * vendor.finalCallbackTarget is 'last-redirect'. Unset, a note says so when a REDIRECT went
   * elsewhere, as an app reading it the other way loses its last callback (audit h172 F6).
   */
  final(): void {
    const last = this.#lastRedirect
    const choice = this.state.options.finalCallbackTarget
    if (last && choice === 'last-redirect') return this.#schedule('final', last.url, last.method)
    if (last && choice === undefined && pathOf(last.url) !== pathOf(this.#configured)) {
      this.ctx.note(
        `final callback to the number's URL ${this.#configured}, not to ${pathOf(last.url)} of the last REDIRECT: the docs name both as a callback's target and do not say which the final one uses, so this is callspec's reading; ` +
          "vendor: { finalCallbackTarget: 'last-redirect' } sends it there ('configured' keeps it here, without this note)",
      )
    }
    this.#schedule('final', this.#configured, this.#method)
  }

  /** Later callbacks go out from a timer, so the transcript's order never depends on who is awaiting what. */
  #schedule(kind: CallbackKind, target: string, method: Method): void {
    this.ctx.clock.setTimer(0, `${BEHAVIOUR.callbackTypes[kind]} callback`, () => this.#send(kind, target, method))
  }

  /** Sends one callback; while the call is live, reads the script it answers with and runs it. */
  async #send(kind: CallbackKind, target: string, method: Method): Promise<void> {
    const final = kind === 'final'
    // A callback is scheduled only while the call is live: if the caller hung up since, the
    // request is already on its way (the app sees it), but its answer is not run.
    if (!final && this.call.live) this.#checkProgress()
    const payload = callbackRequest(kind, this.state, this.ctx.clock)
    this.state.reported()
    const exchange = await this.ctx.deliver({
      name: payload.type,
      summary: summarizeCallback(payload, method, target),
      body: payload,
      method,
      target: method === 'GET' ? withQuery(target, toQuery(payload)) : target,
      headers: this.setup.headers,
    })
    if (final || !this.call.live) return this.#afterEnd(payload.type, exchange)
    const what = `the ${payload.type} callback`
    const { response } = exchange
    if (response.status >= 200 && response.status <= 299 && response.body.trim() === '') return this.#noScript(what, exchange)
    const { tag, sourceLine } = this.ctx.rules.breach(UNREADABLE_RULE)!
    const outcome = `The docs do not say what Voxology does with an answer it cannot read a script from: callspec's inference is that the call ends, so the call fails here (${tag}).`
    const raw = readJson(response, { event: what, expected: EXPECTED, outcome, sourceLine }, exchange.request)
    // `{}` names no script, as an empty body does (`res.json({})`, the acknowledgement Voxology's
    // own SMS tutorial sends to its callback): the same inferred rule, not voxology/script-shape's
    // documented failure. An object with keys but no `actions` ({"ncco": []}) stays script-shape's.
    if (isEmptyObject(raw)) return this.#noScript(what, exchange, 'an empty JSON object {}')
    this.#checkContentType(what, exchange)
    const { options } = this.state
    const checked = checkScript(raw, { requireCollectNames: options.requireCollectNames ?? true, book: this.ctx.rules, resolveUrl: options.resolveUrl })
    if (!checked.ok) {
      // Only a REDIRECT url that is there but not absolute: a missing one says so itself.
      const redirect = checked.issues.some((i) => i.rule === 'voxology/redirect-url') && !options.resolveUrl
      const hint = redirect
        ? "\n  hint: a REDIRECT url that is relative or holds a placeholder host (\"YOUR HOST URL/game\") can go to the app under test: set vendor.resolveUrl: true (or a function that maps each url)."
        : ''
      // A condition in JavaScript callspec does not evaluate is callspec's limit, not the script's fault.
      const unevaluated = checked.issues.every((i) => i.message.startsWith(UNEVALUATED_CONDITION))
      // Failed only by rules callspec inferred (at error): said first, never as Voxology's verdict.
      const inferred = inferredOnly(checked.issues)
      const headline = unevaluated
        ? `callspec cannot run the app's answer to ${what}: an IF condition uses JavaScript callspec does not evaluate (the script may be valid for Voxology)`
        : inferred
          ? `callspec failed the app's answer to ${what} ${byInferredRule('Voxology', this.ctx.rules, inferred)}`
          : `the app's answer to ${what} is not a valid Voxology script`
      const error = new VendorPayloadError(`${headline}:\n${formatIssues(checked.issues)}${hint}\n${describeExchange(exchange.request, exchange.response)}`, checked.issues)
      // The issue names the wrapper a bare action or list needs: no question whether `platform` is right above it.
      throw isUnwrappedScript(raw) ? markOwnShape(error) : error
    }
    this.ctx.warnIssues(checked.warnings, `the app's answer to ${what}`)
    this.call.runScript(checked.script)
  }

  /**
   * A live callback answered with an empty body (an empty 2xx, a 204, or `{}`): rule
   * voxology/empty-callback-answer, inferred. Documented: the answer is {"actions": [...]}, and only
   * the final callback takes no body. callspec's inference: no script ends the flow, so the call
   * ends (by the platform) and the final callback goes out; at error (strict) the call fails here.
   */
  #noScript(what: string, exchange: Exchange, answered = exchange.response.status === 204 ? 'HTTP 204 (no body)' : 'an empty body'): void {
    const problem =
      noScriptProblem(what, answered) +
      // The very first answer empty: what an app of another platform gives a webhook it does not
      // know (a Webex Connect app's `if (event === 'ACCEPTED')`), and the call then passes an
      // expectHangup() with this warning alone (audit-111 8). Not when the app read no body: it
      // could not know which webhook came, and the hint to parse JSON says so (helper-25).
      (this.ctx.turn === 1 && !this.ctx.readNoBody?.() ? ". An empty answer to the first callback is also what an app written for another platform gives a webhook it does not know: is `platform` right?" : '')
    if (this.ctx.breaks(EMPTY_RULE, problem)) {
      throw new AppResponseError(`${ruleFailure('Voxology', this.ctx.rules, EMPTY_RULE, problem)}\n${describeExchange(exchange.request, exchange.response)}`)
    }
    this.ctx.note(`no script in the answer to ${what}: the call ends`)
    this.call.noScript()
  }

  /**
   * The docs answer callbacks with application/json and do not say what Voxology does with a
   * JSON script sent as another type (rule voxology/answer-content-type, inferred): callspec reads
   * it anyway and says so.
   */
  #checkContentType(what: string, exchange: Exchange): void {
    const type = exchange.response.headers['content-type']
    if (type !== undefined && isJsonContentType(type)) return
    const sent = type === undefined ? 'no content-type' : `content-type ${type}`
    const problem = `the app answered ${what} with ${sent}, not application/json (what the docs answer with): callspec reads the body as JSON anyway`
    if (!this.ctx.breaks('voxology/answer-content-type', problem)) return
    throw new AppResponseError(`${ruleFailure('Voxology', this.ctx.rules, 'voxology/answer-content-type', problem)}\n${describeExchange(exchange.request, exchange.response)}`)
  }

  /** Scripts that take no time and wait for nothing, answered again and again, would loop for ever. */
  #checkProgress(): void {
    const now = this.ctx.clock.now()
    this.#stalls = now === this.#lastCallbackAt ? this.#stalls + 1 : 0
    this.#lastCallbackAt = now
    if (this.#stalls >= BEHAVIOUR.maxCallbacksWithoutProgress) {
      throw new CallspecError(
        `the app answered ${this.#stalls} callbacks in a row with scripts that played nothing and waited for nothing (BEHAVIOUR.maxCallbacksWithoutProgress): ` +
          `the call would go from callback to callback for ever. A script should play, COLLECT, or end with HANGUP.`,
      )
    }
  }

  /**
   * The answer to a callback sent once the call is over (the final one expects no body, Voxology's
   * Call Flow Loop docs, Callback Request): never run.
   */
  #afterEnd(type: string, exchange: Exchange): void {
    const { response } = exchange
    if (response.status < 200 || response.status > 299) {
      const why = response.status === 404 ? `a 404 means the app has no route for it at ${exchange.request.url}` : 'the app did not take it'
      const problem = `the app answered the ${type} callback with HTTP ${response.status}: the call is over, so Voxology ignores it, but ${why}`
      if (!this.ctx.breaks('voxology/final-callback-answered', problem)) return
      throw new CallspecError(`${ruleFailure('Voxology', this.ctx.rules, 'voxology/final-callback-answered', problem)}\n${describeExchange(exchange.request, response)}`)
    }
    const body = response.body.trim()
    if (body === '') return
    try {
      const actions = (JSON.parse(body) as { actions?: unknown }).actions
      if (Array.isArray(actions) && actions.length > 0) {
        this.ctx.note(`the app answered the ${type} callback with ${actions.length} action(s): not run, the call is over${type === 'call_end' ? ' (this callback expects no body)' : ''}`)
      }
    } catch {
      // Any body is fine after the end: nobody reads it.
    }
  }
}
