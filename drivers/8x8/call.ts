import type {
  ApiRequest,
  ApiResponse,
  CallContext,
  CallerInput,
  CallSetup,
  Listening,
  PartyBehaviour,
  PlatformCall,
  RuleBook,
  ValidationIssue,
} from '../../src/driver/index.js'
import { CallspecError, DECLINED_WHILE_RINGING, recordApi, typeKeys } from '../../src/driver/index.js'
import { readAnswer } from './answer.js'
import { AudioFiles, promptsOf } from './audio.js'
import { BEHAVIOUR, type EightByEightOptions } from './behaviour.js'
import { toE164 } from './check-callflow.js'
import { SESSION_ERROR, type SessionError } from './codes.js'
import { Legs } from './legs.js'
import { Bridge, makeCall } from './media/dial.js'
import { sayAndCapture } from './media/capture.js'
import { playFile, say } from './media/play.js'
import { ignoreKey, type Media, type Session, type SessionEnd, type SessionStatus } from './media/types.js'
import { awaitSendCallflow, type Validity } from './outbound.js'
import type { Leg } from './payloads.js'
import type { ApiCallHandle, EightByEightApi } from './rest-api.js'
import type { Action, ActionName, VcsWebhook } from './schemas.js'
import { summarizeAction } from './summaries.js'
import { Webhooks } from './webhooks.js'

type Phase = 'new' | 'dialing' | 'live' | 'ended'

/**
 * One 8x8 session: a callflow (from the Send Callflow request, or the answer to a VCA) runs
 * action by action on the virtual clock; when it runs out the platform asks the app for the next
 * one (VCA), and when the session ends it sends the summary (VSS). What leg A hears or is
 * connected to is a Media object (media/): this class runs the session around it.
 */
export class EightByEightCall implements PlatformCall, ApiCallHandle, Session {
  readonly sessionId: string
  readonly options: EightByEightOptions
  readonly legs: Legs
  readonly files: AudioFiles
  #phase: Phase = 'new'
  #queue: Action[] = []
  /** Where the running callflow came from: the REST request or a webhook answer. */
  #source: 'api' | 'response' = 'response'
  #lastAction: ActionName = 'makeCall'
  #clientActionId: string | undefined
  /**
   * Digits of the last sayAndCapture of the running callflow (null: none valid), reported when it
   * runs out (8x8's sayAndCapture reference).
   */
  #dtmf: string | null | undefined
  /** What leg A hears or is connected to right now. */
  #media: Media | undefined
  #summary: { status: SessionStatus; error?: SessionError; sent: boolean } | undefined
  #validity: Validity | undefined
  readonly #webhooks: Webhooks

  constructor(
    readonly ctx: CallContext,
    private readonly setup: CallSetup<EightByEightOptions>,
    private readonly api: EightByEightApi | undefined,
  ) {
    this.sessionId = ctx.uuid()
    this.options = setup.vendor ?? {}
    this.legs = new Legs(ctx)
    this.#webhooks = new Webhooks(ctx, this.options, setup.headers, this.sessionId, setup.webhookPath)
    const { vca, vss, vcs } = this.#webhooks.paths
    this.files = new AudioFiles(ctx, this.options, [vca, vss, vcs])
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    if (this.setup.parties.direction === 'outbound') return this.#awaitCallflow()
    if (this.#webhooks.paths.vca === null) {
      throw new CallspecError(
        "an inbound 8x8 call starts with a VCA webhook, but vendor.vcaPath is null (no VCA webhook configured): 8x8 asks the subaccount's VCA webhook what to do with a call to a virtual number (CALL_RECEIVED), so a test of an inbound call needs one. Leave vcaPath unset (the flow's webhookPath, '/8x8/vca') or set it to the path your app serves it at; null is for outbound sessions with no VCA webhook.",
      )
    }
    const { from, to } = this.setup.parties
    const leg = this.legs.add('INBOUND', toE164(from), toE164(to))
    leg.connectedAt = 0
    this.#phase = 'live'
    await this.#webhooks.callStatus(leg, 'CALL_RECEIVED')
    await this.#callAction('CALL_RECEIVED')
  }

  /**
   * Outbound: the app's Send Callflow request starts the session (8x8's Send Callflow reference;
   * 8x8's IVR and voice messaging guides).
   */
  async #awaitCallflow(): Promise<void> {
    const sent = await awaitSendCallflow(this.ctx, this.setup, this.api, this)
    this.#webhooks.subAccountId = sent.subAccountId
    this.#validity = sent.validity
    this.#run(sent.callflow, 'api')
    await this.runNext()
  }

  listening(): Listening | undefined {
    return this.#phase === 'live' ? this.#media?.listening() : undefined
  }

  /**
   * The party a makeCall bridged the caller to: a step waiting for more then says the caller is
   * connected and how to end the test, as the other platforms do, not that the call is stuck (audit
   * h186: a transfer scenario ending in `- expectHangup` read "the call is stuck" on 8x8 only).
   */
  connectedTo(): string | undefined {
    const media = this.#media
    return this.#phase === 'live' && media instanceof Bridge ? media.party : undefined
  }

  async input(input: CallerInput): Promise<void> {
    if (input.kind === 'hangup') {
      this.ctx.caller(input.label)
      if (this.#phase === 'ended') return
      const network = input.cause === 'network'
      const a = this.legs.a
      if (a && network) a.status = 'FAILED'
      const answered = a?.connectedAt !== undefined
      // The person an outbound call dials rejects the ringing phone (`.hangUp()` before answering):
      // BUSY, SIP 486, as a busy line (8x8's IVR and voice messaging guides: an unanswered or busy
      // first leg ends BUSY or NO_ANSWER), not CANCELED 487, which only the calling side causes
      // (audit-112 F3). [inferred] The test's own end while it still rings stays callspec's
      // clean-up: CANCELED.
      if (a && !answered && !network && a.direction === 'OUTBOUND' && input.cause === 'caller') {
        a.status = 'BUSY'
        a.sipCode = BEHAVIOUR.sip.busy
        return this.finish({ by: 'caller', reason: DECLINED_WHILE_RINGING }, 'BUSY')
      }
      return this.finish(
        { by: network ? 'network' : 'caller', reason: network ? 'network drop' : answered ? 'caller hung up' : 'hung up while ringing' },
        network ? 'FAILED' : answered ? 'COMPLETED' : 'CANCELED',
      )
    }
    if (input.kind === 'digits') {
      return typeKeys(this.ctx, {
        digits: input.digits,
        bargeIn: input.bargeIn,
        gapMs: input.gapMs,
        label: input.label,
        promptEnd: this.#media?.promptEnd ?? 0,
        isOver: () => this.#phase === 'ended',
        press: (key) => this.#keyPressed(key),
      })
    }
    this.ctx.caller(input.label)
    this.ctx.note('speech ignored: 8x8 callflows capture DTMF only (sayAndCapture)')
  }

  /**
   * A key on the caller's leg: reported to the VCS webhook, when one is configured (DTMF_RECEIVED,
   * one of its documented statuses), then taken by what the leg hears. [inferred] The docs list the
   * status, not when it is sent: callspec sends one per key on a live call, whatever takes the key,
   * with the documented VCS fields (no eventData: the digits come in the VCA, 8x8's Voice Call
   * Status webhook docs "without eventData").
   */
  async #keyPressed(key: string): Promise<void> {
    const a = this.legs.a
    if (a && this.#phase === 'live') await this.#webhooks.callStatus(a, 'DTMF_RECEIVED')
    return this.#media ? this.#media.key(key) : ignoreKey(this.ctx, key)
  }

  // ── the webhook turn ─────────────────────────────────────────────────────────────────────

  /**
   * Sends a VCA and runs the callflow the app answers with (8x8's Voice Call Action webhook guide;
   * 8x8's Responding to Call Action Request guide).
   */
  async #callAction(callStatus: 'CALL_RECEIVED' | 'ACTION_COMPLETED'): Promise<void> {
    const dtmf = this.#dtmf
    this.#dtmf = undefined
    const exchange = await this.#webhooks.callAction(this.legs.a!, callStatus, dtmf, this.#clientActionId)
    // The caller hung up while the app held this answer (CallSession's note says so): no session is
    // left to run it on. [inferred] Not read as a live answer either: its checks and session
    // errors (-1012…) are about a session that would run it.
    if (this.#phase === 'ended') return
    // Digits make it the documented VCA after sayAndCapture; without, the one callspec infers when a callflow runs out.
    const asked = callStatus === 'ACTION_COMPLETED' && dtmf === undefined ? 'RAN_OUT' : callStatus
    const answer = readAnswer(this.ctx, exchange, this.options, this.legs.count, asked)
    if ('error' in answer) return this.sessionError(answer.error, answer.cause, answer.thrown)
    if ('none' in answer) {
      this.ctx.note('the app answered with no callflow after the callflow ran out: nothing is left to do, so the platform ends the session (rule 8x8/ran-out-answer)')
      return this.finish({ by: 'platform', reason: 'callflow ran out, no callflow in the answer' }, 'COMPLETED')
    }
    this.#clientActionId = answer.clientActionId
    if (answer.callflow.length === 0) {
      this.ctx.note('the app answered with an empty callflow: nothing is left to do, so the platform ends the session')
      return this.finish({ by: 'platform', reason: 'empty callflow' }, 'COMPLETED')
    }
    this.#run(answer.callflow, 'response')
    await this.runNext()
  }

  // ── running a callflow ───────────────────────────────────────────────────────────────────

  #run(callflow: readonly Action[], source: 'api' | 'response'): void {
    this.#queue = [...callflow]
    this.#source = source
  }

  /** Starts the next action of the running callflow; each one continues here when it completes. */
  async runNext(): Promise<void> {
    if (this.#phase === 'ended') return
    const action = this.#queue.shift()
    if (!action) return this.#ranOut()
    if (this.#thirdLeg(action)) return this.runNext()
    this.#lastAction = action.action
    this.ctx.action({
      name: action.action,
      raw: action,
      source: this.#source,
      summary: summarizeAction(action),
      prompts: promptsOf(action),
      endsCall: action.action === 'hangup',
    })
    switch (action.action) {
      case 'makeCall':
        return makeCall(this, action)
      case 'say':
        return say(this, action)
      case 'playFile':
        return playFile(this, action)
      case 'sayAndCapture':
        return sayAndCapture(this, action)
      case 'hangup':
        this.ctx.note('hangup: every leg is disconnected')
        return this.finish({ by: 'app', reason: 'hangup' }, 'COMPLETED')
    }
  }

  /**
   * A makeCall when the session already has two legs (allowed at warn, rule 8x8/session-legs): not
   * run, with a note. [inferred] 8x8 has no conferencing, so a third party cannot join the bridge;
   * skipping the dial keeps the two legs talking, where ending a bridged call is the likelier harm.
   */
  #thirdLeg(action: Action): boolean {
    if (action.action !== 'makeCall' || this.legs.count < 2) return false
    const to = toE164(action.params.destination)
    this.ctx.note(`makeCall to ${to} skipped: the session already has two legs, and 8x8 has no conferencing (callspec's reading, rule 8x8/session-legs)`)
    return true
  }

  /**
   * The callflow ran out: bridged legs just talk; otherwise the platform asks the app what next,
   * or, with no VCA webhook configured (vendor.vcaPath: null), has no one to ask and ends the
   * session as after an empty callflow: COMPLETED, by the platform, no request to the app. [inferred]
   */
  async #ranOut(): Promise<void> {
    if (this.#media?.kind === 'bridged') return
    if (this.#phase !== 'live') return
    if (this.#webhooks.paths.vca === null) {
      this.ctx.note('the callflow ran out and no VCA webhook is configured (vendor.vcaPath: null): nothing is left to do, so the platform ends the session')
      return this.finish({ by: 'platform', reason: 'callflow ran out, no VCA webhook' }, 'COMPLETED')
    }
    // A sayAndCapture ran in this callflow: its digits go out in the documented VCA.
    if (this.#dtmf !== undefined) return this.#callAction('ACTION_COMPLETED')
    // Without one, whether 8x8 asks or ends the session is not documented (BEHAVIOUR.ranOut): the
    // note says which reading ran, so an app that takes this VCA for a capture's result is not misled unsaid.
    if ((this.options.ranOut ?? BEHAVIOUR.ranOut) === 'end') {
      this.ctx.note("the callflow ran out (no hangup, no sayAndCapture): the platform ends the session (vendor.ranOut: 'end', callspec's other reading)")
      return this.finish({ by: 'platform', reason: 'callflow ran out' }, 'COMPLETED')
    }
    this.ctx.note(RAN_OUT_NOTE)
    await this.#callAction('ACTION_COMPLETED')
  }

  // ── ends ─────────────────────────────────────────────────────────────────────────────────

  /**
   * The session is over: every leg is disconnected, and the platform's last webhooks (VCS
   * CALL_DISCONNECTED, then the VSS) go out from a timer.
   */
  finish(end: SessionEnd, status: SessionStatus, error?: SessionError): void {
    if (this.#phase === 'ended') return
    this.#media?.stop(end.by === 'caller' ? 'hung up' : end.reason)
    this.#phase = 'ended'
    // Actions the app's callflow held that never ran: a failure names them as sent, not missing.
    const unrun = this.#queue.map((a) => a.action)
    this.#queue = []
    this.ctx.end(unrun.length > 0 ? { ...end, unrun } : end)
    this.legs.disconnect(this.ctx.clock.now(), error !== undefined)
    this.#summary = { status, error, sent: false }
    this.ctx.clock.setTimer(0, 'SESSION_SUMMARY', () => this.#afterEnd())
  }

  async #afterEnd(): Promise<void> {
    const summary = this.#summary
    if (!summary || summary.sent) return
    summary.sent = true
    for (const leg of this.legs.all) await this.#webhooks.callStatus(leg, 'CALL_DISCONNECTED')
    await this.#webhooks.sessionSummary(this.legs.all, { status: summary.status, lastAction: this.#lastAction, error: summary.error })
  }

  /**
   * The session ends in ERROR with a documented session error (8x8's session error codes). By
   * default the flow then fails, once the VSS is out; with `failOnSessionError: false` the session
   * just ends.
   */
  async sessionError(error: SessionError, cause: string, thrown?: Error): Promise<void> {
    this.ctx.note(`session error ${error.code} (${error.message}): ${cause}`)
    this.finish({ by: 'platform', reason: `session error ${error.code} ${error.message}` }, 'ERROR', error)
    if (this.options.failOnSessionError === false) return
    // The failure belongs to the turn that caused it, not to the summary sent just before throwing.
    const turn = this.ctx.turn
    await this.#afterEnd()
    const failure =
      thrown ??
      new CallspecError(
        `8x8 ended the session with ERROR ${error.code} (${error.message}): ${cause}.\n` +
          'Set vendor.failOnSessionError: false to let the session end and assert on the session summary instead.',
      )
    throw Object.assign(failure, { markTurn: turn })
  }

  isOver(): boolean {
    return this.#phase === 'ended'
  }

  // ── what callflow actions use (Session) ──────────────────────────────────────────────────

  use(media: Media): void {
    this.#media = media
  }

  release(media: Media): void {
    if (this.#media === media) this.#media = undefined
  }

  isCurrent(media: Media): boolean {
    return this.#media === media
  }

  captured(dtmf: string | null): void {
    this.#dtmf = dtmf
  }

  partyAt(destination: string, callee: boolean): PartyBehaviour {
    return callee ? this.setup.callee : this.setup.party(destination)
  }

  callStatus(leg: Leg, callStatus: VcsWebhook['payload']['callStatus']): Promise<void> {
    return this.#webhooks.callStatus(leg, callStatus)
  }

  dialing(): void {
    this.#phase = 'dialing'
  }

  async calleeAnswered(): Promise<boolean> {
    this.#phase = 'live'
    const expired = this.#validity?.passed(this.ctx.clock.now())
    if (expired === undefined) return true
    await this.sessionError(SESSION_ERROR.expired, expired)
    return false
  }

  // ── REST API view ────────────────────────────────────────────────────────────────────────

  uuid(): string {
    return this.ctx.uuid()
  }

  get rules(): RuleBook {
    return this.ctx.rules
  }

  warnIssues(issues: readonly ValidationIssue[], context: string): void {
    this.ctx.warnIssues(issues, context)
  }

  appNow(): number {
    return this.ctx.appNow()
  }

  recordApi(request: ApiRequest, answer: ApiResponse, summary: string, rule?: string): void {
    recordApi(this.ctx, request, answer, summary, undefined, rule)
  }
}

/**
 * Said on the VCA callspec sends when a callflow runs out: 8x8 documents this VCA after
 * sayAndCapture and for a received call only (audit h172 F5: an app that read it as a capture with
 * no digits re-prompted, and its test failed with no word of why the VCA came).
 */
const RAN_OUT_NOTE =
  "the callflow ran out (no hangup, no sayAndCapture): callspec asks the VCA webhook what next, an ACTION_COMPLETED without eventData (callspec's reading of \"when an action completes and the platform needs the next step\"; 8x8 documents this VCA after sayAndCapture and for a received call). vendor: { ranOut: 'end' } ends the session here instead"
