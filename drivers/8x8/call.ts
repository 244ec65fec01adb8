import type {
  ApiRequest,
  ApiResponse,
  CallContext,
  CallerInput,
  CallSetup,
  Delivery,
  Listening,
  PartyBehaviour,
  PlatformCall,
  Prompt,
  Timer,
  WireRequest,
  WireResponse,
} from '../../src/driver/index.js'
import {
  AppResponseError,
  CallspecError,
  VendorPayloadError,
  describeExchange,
  formatIssues,
  readJson,
  recordApi,
  cutShort,
  recordHeard,
  typeKeys,
} from '../../src/driver/index.js'
import { BEHAVIOUR, type EightByEightOptions } from './behaviour.js'
import { MSISDN, checkVcaResponse, sessionErrorFor, toE164 } from './check-callflow.js'
import { SESSION_ERROR, type SessionError } from './codes.js'
import { fileProblem, repeat, speech, ttsMs, type Scheduled } from './media.js'
import { vcaWebhook, vcsWebhook, vssWebhook, type Leg, type SessionFacts } from './payloads.js'
import type { ApiCallHandle, CallflowClaim, EightByEightApi } from './rest-api.js'
import type {
  Action,
  ActionName,
  MakeCallAction,
  PlayFileAction,
  SayAction,
  SayAndCaptureAction,
  VcsWebhook,
  VssWebhook,
} from './schemas.js'
import { summarizeAction, summarizeVca, summarizeVcs, summarizeVss } from './summaries.js'

/** A sayAndCapture in progress: its prompt, the digits so far and the try it is on (§3.3). */
interface Capture {
  kind: 'capture'
  action: SayAndCaptureAction
  min: number
  max: number
  onHash: boolean
  digitTimeoutMs?: number
  overallTimeoutMs: number
  tries: number
  attempt: number
  digits: string
  /** 'prompt' and 'listening' take keys; 'message' plays the success or failure message. */
  stage: 'prompt' | 'listening' | 'message'
  items: Scheduled[]
  promptEnd: number
  /** When the overall timeout runs out (virtual ms). */
  deadline: number
  timer?: Timer
}

/** What the A leg hears or does right now. */
type Media =
  | { kind: 'play'; items: Scheduled[]; promptEnd: number; timer?: Timer }
  | Capture
  | { kind: 'ringing'; leg: Leg; timer?: Timer }
  | { kind: 'bridged'; leg: Leg; timer?: Timer }

type Phase = 'new' | 'dialing' | 'live' | 'ended'
type SessionStatus = VssWebhook['payload']['sessionStatus']
type Exchange = { request: WireRequest; response: WireResponse }

/**
 * One 8x8 session: a callflow (from the Send Callflow request, or the answer to a VCA) runs
 * action by action on the virtual clock; when it runs out the platform asks the app for the next
 * one (VCA), and when the session ends it sends the summary (VSS). Leg A is the simulated person
 * (inbound: the caller; outbound: the callee); a second makeCall bridges leg B.
 */
export class EightByEightCall implements PlatformCall, ApiCallHandle {
  readonly sessionId: string
  readonly options: EightByEightOptions
  #phase: Phase = 'new'
  #legs: Leg[] = []
  #queue: Action[] = []
  /** Where the running callflow came from: the REST request or a webhook answer. */
  #source: 'api' | 'response' = 'response'
  #lastAction: ActionName = 'makeCall'
  #clientActionId: string | undefined
  /** Digits of the last sayAndCapture of the running callflow; reported when it runs out (§3.3). */
  #captured: { dtmf: string | null } | undefined
  #media: Media | undefined
  #summary: { status: SessionStatus; error?: SessionError; sent: boolean } | undefined
  #validity: { until: number; receivedAt: number; clockAt: number } | undefined
  /** Downloaded files and their length, per session (the vendor caches them for an hour, §3.4). */
  #files = new Map<string, number>()
  #subAccountId: string
  readonly #facts: SessionFacts
  readonly #paths: { vca: string | null; vss: string | null; vcs: string | null }

  constructor(
    private readonly ctx: CallContext,
    private readonly setup: CallSetup<EightByEightOptions>,
    private readonly api: EightByEightApi | undefined,
  ) {
    this.sessionId = ctx.uuid()
    this.options = setup.vendor ?? {}
    this.#subAccountId = this.options.subAccountId ?? BEHAVIOUR.subAccountId
    const { vcaPath, vssPath, vcsPath } = this.options
    this.#paths = {
      vca: vcaPath === null ? null : (vcaPath ?? setup.webhookPath),
      vss: vssPath === null ? null : (vssPath ?? BEHAVIOUR.vssPath),
      vcs: vcsPath === true ? BEHAVIOUR.vcsPath : (vcsPath ?? null),
    }
    const subAccountId = () => this.#subAccountId
    this.#facts = {
      sessionId: this.sessionId,
      // Read when each webhook is built: outbound, it is known only from the request path.
      get subAccountId() {
        return subAccountId()
      },
      iso: (at) => ctx.clock.iso(at),
      now: () => ctx.clock.now(),
      uuid: () => ctx.uuid(),
    }
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    if (this.setup.parties.direction === 'outbound') return this.#awaitCallflow()
    if (this.#paths.vca === null) {
      throw new CallspecError('an inbound 8x8 call starts with a VCA webhook, but vendor.vcaPath is null (no VCA webhook configured).')
    }
    const { from, to } = this.setup.parties
    const leg = this.#newLeg('INBOUND', toE164(from), toE164(to))
    leg.connectedAt = 0
    this.#phase = 'live'
    await this.#status(leg, 'CALL_RECEIVED')
    await this.#callAction('CALL_RECEIVED')
  }

  /** Outbound: the app's Send Callflow request starts the session (§1.1, §4). */
  async #awaitCallflow(): Promise<void> {
    if (!this.api) throw new CallspecError('an outbound 8x8 session needs the fake REST API (the api option).')
    // Only a number the test gave with toNumber() is an expectation; defaults are placeholders.
    const given = this.setup.parties.to
    const expectTo = MSISDN.test(given) && given !== '+14155550199' ? toE164(given) : undefined
    const waiting = this.api.expectCallflow(this, expectTo)
    this.ctx.startTrigger()
    const claim: CallflowClaim = await this.ctx
      .waitForApp(waiting.claimed, "the app's Send Callflow request (POST /api/v1/subaccounts/{subAccountId}/callflows)")
      .finally(() => waiting.cancel())
    await this.ctx.awaitTrigger()
    const first = claim.request.callflow[0] as MakeCallAction
    const to = toE164(first.params.destination)
    if (expectTo && to !== expectTo) throw new CallspecError(`the app's callflow dials ${to}, but the test expects toNumber('${expectTo}').`)
    this.#subAccountId = claim.subAccountId
    this.ctx.setParties({ from: toE164(first.params.source), to })
    const { validUntil } = claim.request
    if (validUntil !== undefined) this.#validity = { until: Date.parse(validUntil), receivedAt: claim.receivedAt, clockAt: this.ctx.clock.now() }
    this.#run(claim.request.callflow, 'api')
    await this.#runNext()
  }

  listening(): Listening | undefined {
    const m = this.#media
    if (this.#phase !== 'live' || m?.kind !== 'capture' || m.stage === 'message') return undefined
    const parts = [
      `${m.min}–${m.max} digits`,
      m.onHash ? '# ends' : '',
      `${m.overallTimeoutMs / 1000} s overall`,
      m.digitTimeoutMs ? `${m.digitTimeoutMs / 1000} s between keys` : '',
      `try ${m.attempt} of ${m.tries}`,
    ]
    return { digits: true, speech: false, describe: `digits (${parts.filter(Boolean).join(', ')})` }
  }

  async input(input: CallerInput): Promise<void> {
    if (input.kind === 'hangup') {
      this.ctx.caller(input.label)
      if (this.#phase === 'ended') return
      const network = input.cause === 'network'
      const a = this.#legs[0]
      if (a && network) a.status = 'FAILED'
      const answered = a?.connectedAt !== undefined
      return this.#finish(
        { by: network ? 'network' : 'caller', reason: network ? 'network drop' : answered ? 'caller hung up' : 'hung up while ringing' },
        network ? 'FAILED' : answered ? 'COMPLETED' : 'CANCELED',
      )
    }
    if (input.kind === 'digits') return this.#pressDigits(input.digits, input.bargeIn, input.gapMs, input.label)
    this.ctx.caller(input.label)
    this.ctx.note('speech ignored: 8x8 callflows capture DTMF only (sayAndCapture)')
  }

  // ── the webhook turn ─────────────────────────────────────────────────────────────────────

  /** Sends a VCA and runs the callflow the app answers with (§2.1, §2.1.1). */
  async #callAction(callStatus: 'CALL_RECEIVED' | 'ACTION_COMPLETED'): Promise<void> {
    const captured = this.#captured
    this.#captured = undefined
    const body = vcaWebhook(this.#facts, this.#legs[0]!, callStatus, {
      dtmf: captured?.dtmf,
      clientActionId: this.#clientActionId,
      flatDtmf: this.options.flatDtmf,
    })
    const exchange = await this.#deliver({ name: 'CALL_ACTION', summary: summarizeVca(body), body, target: this.#paths.vca! })
    const answer = this.#readAnswer(exchange)
    if ('error' in answer) return this.#sessionError(answer.error, answer.cause, answer.thrown)
    this.#clientActionId = answer.clientActionId
    if (answer.callflow.length === 0) {
      this.ctx.note('the app answered with an empty callflow: nothing is left to do, so the platform ends the session')
      return this.#finish({ by: 'platform', reason: 'empty callflow' }, 'COMPLETED')
    }
    this.#run(answer.callflow, 'response')
    await this.#runNext()
  }

  /** The app's answer, or the session error it causes: an answer 8x8 cannot run ends the session (-2003). */
  #readAnswer(exchange: Exchange): { clientActionId?: string; callflow: Action[] } | { error: SessionError; cause: string; thrown: Error } {
    const { request, response } = exchange
    let raw: unknown
    try {
      raw = readJson(response, { event: 'CALL_ACTION', expected: 'a JSON object { clientActionId?, callflow: [...] }' }, request)
    } catch (error) {
      const e = error as AppResponseError
      const [first = ''] = e.message.split('\n')
      return { error: SESSION_ERROR.invalidCallflow, cause: first, thrown: withSessionError(e, SESSION_ERROR.invalidCallflow) }
    }
    const checked = checkVcaResponse(raw, { options: this.options, legs: this.#legs.length })
    if (checked.ok) return checked.data
    const { code, message, issues } = checked.problem
    const error = sessionErrorFor(code)
    const thrown = new VendorPayloadError(
      `the app's answer to CALL_ACTION is not a callflow 8x8 can run, so 8x8 ends the session with ERROR ${error.code} (${error.message}):\n` +
        `${formatIssues(issues)}\n8x8's check: ${code} ${message}\n${describeExchange(request, response)}`,
      issues,
    )
    return { error, cause: `${code} ${message}`, thrown }
  }

  async #deliver(delivery: Omit<Delivery, 'headers'>): Promise<Exchange> {
    return this.ctx.deliver({ ...delivery, headers: this.setup.headers })
  }

  /** VCS for one leg, only when a VCS webhook is configured (§2.3). Its answer is not used. */
  async #status(leg: Leg, callStatus: VcsWebhook['payload']['callStatus']): Promise<void> {
    if (this.#paths.vcs === null) return
    const body = vcsWebhook(this.#facts, leg, callStatus)
    const { response } = await this.#deliver({ name: 'CALL_STATUS', summary: summarizeVcs(body), body, target: this.#paths.vcs })
    if (!isOk(response.status)) this.ctx.note(`the app answered CALL_STATUS with HTTP ${response.status} (8x8 ignores it)`)
  }

  // ── running a callflow ───────────────────────────────────────────────────────────────────

  #run(callflow: readonly Action[], source: 'api' | 'response'): void {
    this.#queue = [...callflow]
    this.#source = source
  }

  /** Starts the next action of the running callflow; each one continues here when it completes. */
  async #runNext(): Promise<void> {
    if (this.#phase === 'ended') return
    const action = this.#queue.shift()
    if (!action) return this.#ranOut()
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
        return this.#makeCall(action)
      case 'say':
        return this.#say(action)
      case 'playFile':
        return this.#playFile(action)
      case 'sayAndCapture':
        return this.#capture(action)
      case 'hangup':
        this.ctx.note('hangup: every leg is disconnected')
        return this.#finish({ by: 'app', reason: 'hangup' }, 'COMPLETED')
    }
  }

  /** The callflow ran out: bridged legs just talk; otherwise the platform asks the app what next. [inferred] */
  async #ranOut(): Promise<void> {
    if (this.#media?.kind === 'bridged') return
    if (this.#phase !== 'live') return
    await this.#callAction('ACTION_COMPLETED')
  }

  // ── makeCall (§3.1) ──────────────────────────────────────────────────────────────────────

  async #makeCall(action: MakeCallAction): Promise<void> {
    const first = this.#legs.length === 0
    const source = toE164(action.params.source)
    const destination = toE164(action.params.destination)
    const leg = this.#newLeg('OUTBOUND', source, destination)
    if (action.params.callRecording) this.ctx.note('call recording on (callRecording)')
    const uncovered = (this.options.uncoveredPrefixes ?? []).find((p) => destination.slice(1).startsWith(p.replace(/^\+/, '')))
    if (uncovered !== undefined) {
      leg.sipCode = BEHAVIOUR.sip.error
      return this.#sessionError(SESSION_ERROR.noCoverage, `${destination} is in an area without coverage (vendor.uncoveredPrefixes: ${uncovered})`)
    }
    if (first) this.#phase = 'dialing'
    await this.#status(leg, 'CALL_INITIATED')
    const behaviour: PartyBehaviour = first ? this.setup.callee : this.setup.party(destination)
    const media: Media = { kind: 'ringing', leg }
    this.#media = media
    const { clock } = this.ctx
    if (behaviour === 'busy' || behaviour === 'no-answer') {
      const busy = behaviour === 'busy'
      media.timer = clock.setTimer(busy ? BEHAVIOUR.busyAfterMs : BEHAVIOUR.noAnswerAfterMs, `${destination} ${behaviour}`, () =>
        this.#notAnswered(leg, busy ? 'BUSY' : 'NO_ANSWER'),
      )
      return
    }
    media.timer = clock.setTimer(BEHAVIOUR.ringMs, `${destination} answers`, () => this.#answered(leg, behaviour, first))
  }

  async #answered(leg: Leg, behaviour: PartyBehaviour, first: boolean): Promise<void> {
    const { clock } = this.ctx
    leg.connectedAt = clock.now()
    leg.sipCode = BEHAVIOUR.sip.answered
    this.#media = undefined
    if (behaviour === 'voicemail') this.ctx.note(`voicemail picks up at ${leg.destination}`)
    if (typeof behaviour === 'object') {
      const label = `${leg.destination} hangs up`
      clock.setTimer(behaviour.hangsUpAfterMs, label, () => this.#partyHungUp(leg))
    }
    await this.#status(leg, 'CALL_CONNECTED')
    if (first) {
      this.#phase = 'live'
      const expired = this.#expired()
      if (expired) return this.#sessionError(SESSION_ERROR.expired, expired)
    } else {
      this.#media = { kind: 'bridged', leg }
      this.ctx.note(`${leg.destination} answers: bridged to ${other(this.#legs[0]!)}`)
    }
    await this.#runNext()
  }

  /** A dialled leg was busy or did not answer: the session ends with that status (§2.2 sample, §4). */
  async #notAnswered(leg: Leg, status: 'BUSY' | 'NO_ANSWER'): Promise<void> {
    leg.status = status
    leg.sipCode = status === 'BUSY' ? BEHAVIOUR.sip.busy : BEHAVIOUR.sip.noAnswer
    const first = leg.key === 'callA'
    const what = status === 'BUSY' ? 'busy' : 'no answer'
    this.#finish(first ? { by: 'callee', reason: status === 'BUSY' ? 'line busy' : 'no answer' } : { by: 'platform', reason: `${leg.destination}: ${what}` }, status)
  }

  /** The other party of a bridge (or an outbound callee) hangs up: every leg ends. [inferred] */
  async #partyHungUp(leg: Leg): Promise<void> {
    if (this.#phase === 'ended' || leg.disconnectedAt !== undefined) return
    this.#finish({ by: 'callee', reason: `${leg.destination} hung up` }, 'COMPLETED')
  }

  /** `validUntil` passed before the callee answered (-2007): the app's clock, moved on by the virtual time since. */
  #expired(): string | undefined {
    const v = this.#validity
    if (!v) return undefined
    const now = v.receivedAt + (this.ctx.clock.now() - v.clockAt)
    return now > v.until ? `validUntil ${new Date(v.until).toISOString()} passed before the callee answered` : undefined
  }

  // ── say, playFile (§3.2, §3.4) ───────────────────────────────────────────────────────────

  #say(action: SayAction): void {
    const { text, speed, repetition } = action.params
    this.#play(repeat(speech(text), ttsMs(text, speed), repetition ?? 1, this.ctx.clock.now()), 'say ends')
  }

  async #playFile(action: PlayFileAction): Promise<void> {
    const url = action.params.fileUrl
    let ms = this.#files.get(url)
    if (ms === undefined) {
      const problem = await this.#download(url)
      if (problem) return this.#sessionError(SESSION_ERROR.download, problem)
      ms = this.options.audioDurationsMs?.[url] ?? BEHAVIOUR.defaultAudioMs
      this.#files.set(url, ms)
    }
    this.#play(repeat({ kind: 'audio', text: url }, ms, action.params.repetition ?? 1, this.ctx.clock.now()), 'playFile ends')
  }

  /** Fetches the file from the app under test; why it cannot be played, if it cannot. */
  async #download(url: string): Promise<string | undefined> {
    let response: WireResponse
    try {
      response = (await this.ctx.fetchFromApp(url)).response
    } catch (error) {
      return `GET ${url} failed: ${(error as Error).message}`
    }
    const problem = fileProblem(url, response)
    if (!problem) this.ctx.note(`downloaded ${url} (${response.headers['content-type'] ?? 'no content-type'})`)
    return problem
  }

  #play(items: Scheduled[], label: string): void {
    const media: Media = { kind: 'play', items, promptEnd: items.at(-1)!.end }
    this.#media = media
    media.timer = this.ctx.clock.setTimer(media.promptEnd - this.ctx.clock.now(), label, async () => {
      this.#endMedia(media)
      await this.#runNext()
    })
  }

  // ── sayAndCapture (§3.3) ─────────────────────────────────────────────────────────────────

  #capture(action: SayAndCaptureAction): void {
    const p = action.params
    const d = BEHAVIOUR.capture
    const capture: Capture = {
      kind: 'capture',
      action,
      min: p.minDigits ?? d.minDigits,
      max: p.maxDigits ?? d.maxDigits,
      onHash: p.completeOnHash ?? d.completeOnHash,
      digitTimeoutMs: p.digitTimeout,
      overallTimeoutMs: p.overallTimeout ?? d.overallTimeoutMs,
      tries: p.noOfTries ?? d.noOfTries,
      attempt: 1,
      digits: '',
      stage: 'prompt',
      items: [],
      promptEnd: 0,
      deadline: 0,
    }
    this.#prompt(capture)
  }

  /** Plays (or replays) the prompt; the overall timeout counts from its end. */
  #prompt(c: Capture): void {
    const { promptMessage, speed, repetition } = c.action.params
    const now = this.ctx.clock.now()
    c.items = repeat(speech(promptMessage), ttsMs(promptMessage, speed), repetition ?? 1, now)
    c.promptEnd = c.items.at(-1)!.end
    c.deadline = c.promptEnd + c.overallTimeoutMs
    c.digits = ''
    c.stage = 'prompt'
    this.#media = c
    c.timer = this.ctx.clock.setTimer(c.deadline - now, 'capture timeout', () => this.#entryEnded(c, 'timeout'))
  }

  #pressDigits(digits: string, bargeIn: boolean, gapMs: number, label: string): Promise<void> {
    const m = this.#media
    return typeKeys(this.ctx, {
      digits,
      bargeIn,
      gapMs,
      label,
      promptEnd: m && (m.kind === 'capture' || m.kind === 'play') ? m.promptEnd : 0,
      isOver: () => this.#phase === 'ended',
      press: (key) => this.#key(key),
    })
  }

  async #key(key: string): Promise<void> {
    const m = this.#media
    const now = this.ctx.clock.now()
    if (m?.kind === 'capture' && m.stage !== 'message') {
      if (now < m.promptEnd) this.#bargeIn(m, now)
      m.stage = 'listening'
      if (key === '#' && m.onHash) return this.#entryEnded(m, 'hash')
      m.digits += key
      if (m.digits.length >= m.max) return this.#entryEnded(m, 'maxDigits')
      this.ctx.clock.clear(m.timer)
      const next = m.digitTimeoutMs === undefined ? m.deadline : Math.min(m.deadline, now + m.digitTimeoutMs)
      m.timer = this.ctx.clock.setTimer(next - now, next === m.deadline ? 'capture timeout' : 'digit timeout', () => this.#entryEnded(m, 'timeout'))
      return
    }
    if (m?.kind === 'bridged') return this.ctx.note(`key ${key} goes through to ${m.leg.destination}`)
    this.ctx.note(`key ${key} ignored: nothing is capturing digits`)
  }

  /** A key during the prompt stops it; the overall timeout then counts from now. [inferred] */
  #bargeIn(c: Capture, now: number): void {
    c.promptEnd = now
    c.deadline = now + c.overallTimeoutMs
    this.#heard(c.items, now)
    c.items = []
  }

  /**
   * Entry is over (#, maxDigits, or a timeout): in range → success message; out of range → the
   * failure message and another try, or after the last try a null result. Either way the result
   * waits for the callflow to run out (so a hangup right after it loses the digits, -1012).
   */
  async #entryEnded(c: Capture, why: 'hash' | 'maxDigits' | 'timeout'): Promise<void> {
    if (this.#media !== c) return
    this.ctx.clock.clear(c.timer)
    this.#heard(c.items, c.promptEnd)
    c.items = []
    const digits = c.digits
    const ok = digits.length >= c.min && digits.length <= c.max
    if (why === 'timeout') this.ctx.note(`${digits.length === 0 ? 'no digits' : `${JSON.stringify(digits)} then nothing`} before the timeout`)
    const { successMessage, failureMessage } = c.action.params
    if (ok) {
      this.#captured = { dtmf: digits }
      return this.#captureMessage(c, successMessage, () => this.#runNext())
    }
    const again = c.attempt < c.tries
    if (!again) this.#captured = { dtmf: null }
    this.ctx.note(`invalid input ${JSON.stringify(digits)} (try ${c.attempt} of ${c.tries})`)
    return this.#captureMessage(c, failureMessage, async () => {
      if (!again) return this.#runNext()
      c.attempt += 1
      this.#prompt(c)
    })
  }

  /** Plays the success or failure message (if any), then continues. */
  async #captureMessage(c: Capture, text: string | null | undefined, then: () => Promise<void>): Promise<void> {
    if (!text) return then()
    const now = this.ctx.clock.now()
    c.stage = 'message'
    c.items = repeat(speech(text), ttsMs(text, c.action.params.speed), 1, now)
    c.promptEnd = c.items.at(-1)!.end
    c.timer = this.ctx.clock.setTimer(c.promptEnd - now, 'capture message ends', async () => {
      this.#heard(c.items, c.promptEnd)
      c.items = []
      if (this.#media === c) this.#media = undefined
      await then()
    })
  }

  // ── ends ─────────────────────────────────────────────────────────────────────────────────

  /**
   * The session is over: every leg is disconnected, and the platform's last webhooks (VCS
   * CALL_DISCONNECTED, then the VSS) go out from a timer.
   */
  #finish(end: { by: 'caller' | 'app' | 'callee' | 'platform' | 'network'; reason: string }, status: SessionStatus, error?: SessionError): void {
    if (this.#phase === 'ended') return
    this.#stopMedia(end.by === 'caller' ? 'hung up' : end.reason)
    this.#phase = 'ended'
    this.ctx.end(end)
    const now = this.ctx.clock.now()
    for (const leg of this.#legs) {
      if (leg.disconnectedAt !== undefined) continue
      leg.disconnectedAt = now
      leg.status ??= error ? 'ERROR' : leg.connectedAt === undefined ? 'CANCELED' : 'COMPLETED'
      if (leg.connectedAt === undefined && leg.status === 'CANCELED') leg.sipCode = BEHAVIOUR.sip.canceled
    }
    this.#summary = { status, error, sent: false }
    this.ctx.clock.setTimer(0, 'SESSION_SUMMARY', () => this.#afterEnd())
  }

  async #afterEnd(): Promise<void> {
    const summary = this.#summary
    if (!summary || summary.sent) return
    summary.sent = true
    for (const leg of this.#legs) await this.#status(leg, 'CALL_DISCONNECTED')
    if (this.#paths.vss === null) return
    const body = vssWebhook(this.#facts, this.#legs, { status: summary.status, lastAction: this.#lastAction, error: summary.error })
    const { response } = await this.#deliver({ name: 'SESSION_SUMMARY', summary: summarizeVss(body), body, target: this.#paths.vss })
    if (!isOk(response.status)) this.ctx.note(`the app answered SESSION_SUMMARY with HTTP ${response.status} (8x8 ignores it)`)
  }

  /**
   * The session ends in ERROR with a documented session error (§5.2). By default the flow then
   * fails, once the VSS is out; with `failOnSessionError: false` the session just ends.
   */
  async #sessionError(error: SessionError, cause: string, thrown?: Error): Promise<void> {
    this.ctx.note(`session error ${error.code} (${error.message}): ${cause}`)
    this.#finish({ by: 'platform', reason: `session error ${error.code} ${error.message}` }, 'ERROR', error)
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

  #stopMedia(why: string): void {
    const m = this.#media
    if (!m) return
    if (m.kind === 'play' || m.kind === 'capture') cutShort(this.ctx, m, why)
    this.#endMedia(m)
  }

  #endMedia(m: Media): void {
    this.ctx.clock.clear(m.timer)
    if (this.#media === m) this.#media = undefined
    if (m.kind === 'play' || m.kind === 'capture') {
      this.#heard(m.items, m.promptEnd)
      m.items = []
    }
  }

  /** Records what the caller heard of `items`, up to `until`. */
  #heard(items: readonly Scheduled[], until: number): void {
    recordHeard(this.ctx, items, until)
  }

  #newLeg(direction: Leg['direction'], source: string, destination: string): Leg {
    const leg: Leg = {
      key: this.#legs.length === 0 ? 'callA' : 'callB',
      callId: this.ctx.uuid(),
      direction,
      source,
      destination,
      initiatedAt: this.ctx.clock.now(),
      sipCode: direction === 'INBOUND' ? BEHAVIOUR.sip.answered : 180,
    }
    this.#legs.push(leg)
    return leg
  }

  // ── REST API view ────────────────────────────────────────────────────────────────────────

  uuid(): string {
    return this.ctx.uuid()
  }

  recordApi(request: ApiRequest, answer: ApiResponse, summary: string): void {
    recordApi(this.ctx, request, answer, summary)
  }
}

/** The number on the A leg that is not the app's: the person. */
const other = (leg: Leg) => (leg.direction === 'INBOUND' ? leg.source : leg.destination)

function promptsOf(action: Action): Prompt[] {
  switch (action.action) {
    case 'say':
      return [speech(action.params.text)]
    case 'sayAndCapture':
      return [speech(action.params.promptMessage)]
    case 'playFile':
      return [{ kind: 'audio', text: action.params.fileUrl }]
    default:
      return []
  }
}

/** Keeps the reader's error class, and names the session error it caused. */
function withSessionError(error: AppResponseError, session: SessionError): Error {
  const [first = '', ...rest] = error.message.split('\n')
  return new AppResponseError([`${first} 8x8 ends the session with ERROR ${session.code} (${session.message}).`, ...rest].join('\n'))
}

const isOk = (status: number) => status >= 200 && status < 300
