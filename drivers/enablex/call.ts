import type {
  ApiRequest,
  ApiResponse,
  CallContext,
  CallerInput,
  CallSetup,
  Listening,
  PartyBehaviour,
  PlatformCall,
  Timer,
  ValidationIssue,
} from '../../src/driver/index.js'
import { AppResponseError, CallspecError, VendorPayloadError, describeExchange, formatIssues, recordApi, typeKeys } from '../../src/driver/index.js'
import { BEHAVIOUR, type EnableXOptions } from './behaviour.js'
import { encryptEvent } from './encryption.js'
import { planPrompt, speechMs, type PromptPlan } from './media.js'
import { EnableXApi, numberError, type ApiCallHandle, type Command } from './rest-api.js'
import type { ActionName, ActionOnConnect, EnableXActions, MakeCallRequest, PlayRequest } from './schemas.js'
import { summarizeAction, summarizeEvent } from './summaries.js'
import { unsupportedVoice } from './validate.js'

/** A prompt on the caller's leg, and the input it waits for once it has played (§2.3, §3.3, §3.4). */
interface Play {
  ref?: string
  plan: PromptPlan
  startedAt: number
  promptEnd: number
  /** `playfinished` has been sent: the prompt is over (it may still wait for input). */
  finished: boolean
  interrupt: boolean
  dtmf?: { digits: string }
  asr?: { startTimeoutMs: number; recognizerTimeoutMs: number; speaking: boolean }
  timer?: Timer
}

/** The caller's leg bridged to another party (§2.4–§2.7, §3.6). */
interface Bridge {
  from: string
  to: string
  state: 'bridging' | 'bridged'
  held: boolean
  digits: string
  timers: Timer[]
  digitTimer?: Timer
}

interface Recording {
  id: string
  name?: string
  startedAt: number
}

type Phase = 'incoming' | 'dialing' | 'connected' | 'ended'

const plain = (n: string) => (BEHAVIOUR.plusInNumbers ? n : n.replace(/^\+/, ''))
const secs = (ms: number) => Math.max(0, Math.round(ms / 1000))
const isOk = (status: number) => status >= 200 && status < 300

/**
 * One EnableX call. The app drives it with REST commands (the fake API hands them to
 * `command()`, which answers synchronously and schedules the consequences on the virtual clock);
 * the call posts events to the app's event URL from timers, `start()` and `input()` only.
 */
export class EnableXCall implements PlatformCall, ApiCallHandle {
  readonly voiceId: string
  readonly options: EnableXOptions
  #phase: Phase = 'incoming'
  #play: Play | undefined
  #bridge: Bridge | undefined
  #recording: Recording | undefined
  #recorded: Array<{ id: string; durationS: number }> = []
  #recordingNames = new Set<string>()
  /** The call ended with a recording running: its `completed` goes out just before `disconnected`. */
  #completedAtEnd = false
  #autoRecord = false
  #connectedAt: number | undefined
  #target: string
  #ownerRef: string | undefined
  #numbers: { from: string; to: string }
  #lastEvent = 'call started (no event sent yet)'
  #fatal: unknown
  #release: Array<() => void> = []

  constructor(
    private readonly ctx: CallContext,
    private readonly setup: CallSetup<EnableXOptions>,
    private readonly api: EnableXApi | undefined,
  ) {
    this.voiceId = ctx.uuid()
    this.options = setup.vendor ?? {}
    this.#target = setup.webhookPath
    this.#numbers = { from: plain(setup.parties.from), to: plain(setup.parties.to) }
    if (this.options.encrypt && !this.options.appId) {
      throw new CallspecError('vendor.encrypt needs vendor.appId: EnableX encrypts events with the project APP_ID (§3.0).')
    }
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    this.#release.push(EnableXApi.register(this))
    if (this.setup.parties.direction === 'outbound') return this.#placeOutbound()
    if (this.options.autoAccept) this.#connected()
    await this.#send({ state: 'incomingcall', ...this.#numbers, channel_id: this.ctx.uuid() })
  }

  async #placeOutbound(): Promise<void> {
    const expectTo = this.setup.dialled
    this.#phase = 'dialing'
    const waiting = EnableXApi.expectMakeCall(this, expectTo)
    EnableXApi.touch()
    this.ctx.startTrigger()
    const { request } = await this.ctx
      .waitForApp(waiting.claimed, "the app's make-call request (POST /voice/v1/call)")
      .finally(() => waiting.cancel())
    await this.ctx.awaitTrigger()
    if (expectTo && plain(request.to) !== plain(expectTo)) {
      throw new CallspecError(`the app dialled ${request.to}, but the test expects toNumber('${expectTo}').`)
    }
  }

  /** The fake API handed this call the app's make-call request (§2.1). */
  placed(request: MakeCallRequest): ApiResponse {
    this.#numbers = { from: request.from, to: request.to }
    this.ctx.setParties({ from: request.from, to: request.to })
    this.#target = request.event_url
    this.#ownerRef = request.owner_ref
    this.#autoRecord = request.auto_record === true
    this.#action('make-call', request)
    const answer: ApiResponse = {
      status: 200,
      body: { voice_id: this.voiceId, state: 'initiated', from: request.from, to: request.to, ...(request.owner_ref !== undefined ? { owner_ref: request.owner_ref } : {}), timestamp: this.ctx.clock.iso() },
    }
    this.#dialCallee(this.setup.callee, request.action_on_connect)
    return answer
  }

  #dialCallee(behaviour: PartyBehaviour, then: ActionOnConnect | undefined): void {
    const { clock } = this.ctx
    if (behaviour === 'busy') {
      clock.setTimer(BEHAVIOUR.busyAfterMs, 'callee busy', () => this.#disconnect('callee', BEHAVIOUR.reasons.busy, 'line busy'))
      return
    }
    clock.setTimer(BEHAVIOUR.ringingAfterMs, 'ringing', () => this.#send({ state: 'ringing', ...this.#numbers }))
    if (behaviour === 'no-answer') {
      clock.setTimer(BEHAVIOUR.noAnswerAfterMs, 'no answer', () => this.#disconnect('callee', BEHAVIOUR.reasons.noAnswer, 'no answer'))
      return
    }
    clock.setTimer(BEHAVIOUR.outboundAnswerAfterMs, 'callee answers', async () => {
      if (this.#phase !== 'dialing') return
      this.#connected()
      if (behaviour === 'voicemail') this.ctx.note('voicemail picks up (EnableX has no answering-machine detection)')
      if (typeof behaviour === 'object') clock.setTimer(behaviour.hangsUpAfterMs, 'callee hangs up', () => this.#disconnect('callee', BEHAVIOUR.reasons.normal, 'the called person hung up'))
      // action_on_connect runs as the callee picks up; the app hears of both through events.
      if (then && 'play' in then) this.#startPlay(then.play)
      if (then && 'connect' in then) this.#startBridge(then.connect.from, then.connect.to)
      if (then && 'room' in then) this.ctx.note(`the callee joins video room ${then.room.room_id}`)
      await this.#send({ state: 'connected', ...this.#numbers, ...(then && 'room' in then ? { room_id: then.room.room_id } : {}) })
    })
  }

  #connected(): void {
    this.#phase = 'connected'
    this.#connectedAt = this.ctx.clock.now()
  }

  listening(): Listening | undefined {
    if (this.#phase !== 'connected') return undefined
    const p = this.#play
    if (p && (p.dtmf || (p.asr && !p.asr.speaking))) {
      const parts = []
      if (p.dtmf) parts.push(`digits (dtmf menu${p.ref !== undefined ? ` ${JSON.stringify(p.ref)}` : ''}, ${BEHAVIOUR.menuTimeoutMs / 1000} s timeout)`)
      if (p.asr && !p.asr.speaking) parts.push(`speech (asr, start_timeout ${p.asr.startTimeoutMs / 1000} s)`)
      return { digits: !!p.dtmf, speech: !!p.asr && !p.asr.speaking, describe: parts.join(' and ') }
    }
    if (this.#bridge?.state === 'bridged') return { digits: true, speech: false, describe: 'keys on the bridged call (dtmfcollected)' }
    return undefined
  }

  async input(input: CallerInput): Promise<void> {
    this.#throwFatal()
    if (input.kind === 'hangup') {
      this.ctx.caller(input.label)
      if (input.cause === 'network') return this.#disconnect('network', BEHAVIOUR.reasons.network, 'network drop')
      return this.#disconnect('caller', BEHAVIOUR.reasons.normal, 'caller hung up')
    }
    if (input.kind === 'digits') return this.#pressDigits(input.digits, input.bargeIn, input.gapMs, input.label)
    return this.#speak(input.text, input.recognised, input.bargeIn, input.label)
  }

  /** Before a timer fires: requests the app is still sending arrive first. */
  async settle(): Promise<void> {
    this.#throwFatal()
    await EnableXApi.settle(this.ctx.limits.appTimeoutMs)
    this.#throwFatal()
  }

  /** Nothing scheduled: the app's next REST request is the only thing that can move the call. */
  async idle(): Promise<boolean> {
    this.#throwFatal()
    if (this.#phase === 'ended') return false
    const next = EnableXApi.nextRequest()
    try {
      await this.ctx.waitForApp(next.arrived, `the app's next REST request to EnableX after the ${this.#lastEvent}`)
    } finally {
      next.cancel()
    }
    await this.settle()
    return true
  }

  dispose(): void {
    for (const release of this.#release.splice(0)) release()
  }

  // ── events (§3) ──────────────────────────────────────────────────────────────────────────

  /** Posts one event to the app's event URL; its answer carries nothing but must be a 2xx. */
  async #send(fields: Record<string, unknown>): Promise<void> {
    const event = { voice_id: this.voiceId, ...fields, ...(this.#ownerRef !== undefined ? { owner_ref: this.#ownerRef } : {}), timestamp: this.ctx.clock.iso() }
    const name = String(fields.playstate ?? fields.state)
    const sealed = this.options.encrypt ? encryptEvent(event, this.options.appId!) : undefined
    this.#lastEvent = `"${name}" event (turn ${this.ctx.turn + 1})`
    EnableXApi.touch()
    const exchange = await this.ctx.deliver({
      name,
      summary: summarizeEvent(event),
      body: sealed ? sealed.body : event,
      target: this.#target,
      headers: { ...this.setup.headers, ...sealed?.headers },
    })
    const { response } = exchange
    if (isOk(response.status)) return
    if (this.#phase === 'ended') return this.ctx.note(`the app answered ${name} with HTTP ${response.status} (ignored: the call is over)`)
    throw new AppResponseError(
      `the app answered the ${name} event with HTTP ${response.status}; EnableX expects a 200 (the body is ignored: the app acts through the REST API).\n${describeExchange(exchange.request, response)}`,
    )
  }

  #parties() {
    return { from: plain(this.#numbers.from), to: plain(this.#numbers.to) }
  }

  // ── REST commands (§2) ───────────────────────────────────────────────────────────────────

  command(command: Command, request: ApiRequest): ApiResponse {
    if (command.route === 'analyze') return this.#record(request, this.#analyze())
    if (this.#phase === 'ended') {
      return this.#record(request, this.#error(404, { result: 404, msg: 'Call not found or already disconnected' }))
    }
    const body = command.body
    switch (command.route) {
      case 'accept':
        return this.#accept(request)
      case 'play':
        return this.#playCommand(body as PlayRequest, request)
      case 'connect':
        return this.#connect(body as EnableXActions['connect'], request)
      case 'transfer':
      case 'forward':
        return this.#transfer(command.route, body as Record<string, string>, request)
      case 'hold':
        return this.#hold(body as EnableXActions['hold'], request)
      case 'recording':
        return this.#recordingCommand(body as EnableXActions['recording'], request)
      case 'hangup':
        return this.#hangup()
    }
  }

  refused(request: ApiRequest, answer: ApiResponse, problem: string, issues?: ValidationIssue[]): void {
    this.#record(request, answer)
    const wire = `Request: ${request.method} ${request.url.pathname}\n${request.bodyText || '(no body)'}\nAnswer: HTTP ${answer.status} ${JSON.stringify(answer.body)}`
    this.#fail(issues ? new VendorPayloadError(`${problem}:\n${formatIssues(issues)}\n${wire}`, issues) : new CallspecError(`${problem}.\n${wire}`))
  }

  #action<N extends ActionName>(name: N, body: EnableXActions[N], prompts: PromptPlan[] = []): void {
    this.ctx.action({ name, raw: body, source: 'api', summary: summarizeAction(name, body), prompts: prompts.map((p) => p.prompt), endsCall: name === 'hangup' })
  }

  /** A refused or read-only request: a transcript line with the vendor's answer. */
  #record(request: ApiRequest, answer: ApiResponse): ApiResponse {
    const body = answer.body as { result?: unknown; msg?: unknown } | undefined
    const summary = answer.status >= 400 && body ? `${String(body.result ?? '')} ${String(body.msg ?? '')}`.trim() : ''
    recordApi(this.ctx, request, answer, summary, `${request.method} ${request.url.pathname.replace(this.voiceId, '{voice_id}')}`)
    return answer
  }

  #error(status: number, fields: Record<string, unknown>): ApiResponse {
    return { status, body: { voice_id: this.voiceId, ...fields, timestamp: this.ctx.clock.iso() } }
  }

  #analyze(): ApiResponse {
    const state = this.#phase === 'ended' ? 'disconnected' : this.#phase !== 'connected' ? 'In progress' : this.#play ? 'IVR' : 'connected'
    return { status: 200, body: { voice_id: this.voiceId, state, direction: this.setup.parties.direction === 'inbound' ? 'Inbound' : 'Outbound', ...this.#parties(), timestamp: this.ctx.clock.iso() } }
  }

  /** §2.2: the app takes the incoming call; `connected` follows. */
  #accept(request: ApiRequest): ApiResponse {
    if (this.#phase !== 'incoming') {
      return this.#record(request, this.#error(409, { result: 409, msg: 'Call is already connected', state: 'failed' }))
    }
    this.#connected()
    this.#action('accept', {})
    this.ctx.clock.setTimer(0, 'connected', () => this.#send({ state: 'connected', ...this.#parties() }))
    return { status: 200, body: { voice_id: this.voiceId, state: 'connected', ...this.#parties(), timestamp: this.ctx.clock.iso() } }
  }

  /** §2.3 and its errors: bridged 6112, pending 6114, voice 6117; not yet connected: 409. [inferred] */
  #playCommand(play: PlayRequest, request: ApiRequest): ApiResponse {
    const fail = (status: number, result: number, msg: string) =>
      this.#record(request, this.#error(status, { ...this.#parties(), playstate: 'failed', result, msg }))
    const voice = unsupportedVoice(play)
    if (voice) return fail(406, 6117, voice.message)
    if (this.#phase !== 'connected') return fail(409, 409, 'Call is not connected')
    if (this.#bridge) return fail(405, 6112, "Call is in bridged mode, can't play media")
    if (this.#play) return fail(408, 6114, 'Play request pending')
    const started = this.#startPlay(play)
    this.#action('play', play, [started.plan])
    return { status: 200, body: { voice_id: this.voiceId, playstate: 'initiated', ...this.#parties(), timestamp: this.ctx.clock.iso() } }
  }

  /** §2.4: bridge to another party; `bridging`, then `bridged` or `failed`. */
  #connect(body: EnableXActions['connect'], request: ApiRequest): ApiResponse {
    if (this.#phase !== 'connected') return this.#record(request, this.#error(409, { result: 409, msg: 'Call is not connected', state: 'failed' }))
    if (this.#bridge) return this.#record(request, this.#error(409, { result: 409, msg: 'Call is already bridged', state: 'failed' }))
    const number = numberError(body.from, this.options)
    if (number) return this.#record(request, this.#error(number.status, number.body as Record<string, unknown>))
    this.#action('connect', body)
    this.#startBridge(body.from, body.to)
    return { status: 200, body: { voice_id: this.voiceId, state: 'initiated', from: body.from, to: body.to, bridge_id: this.ctx.uuid(), timeStamp: this.ctx.clock.iso() } }
  }

  #notBridged(request: ApiRequest): ApiResponse {
    return this.#record(request, this.#error(409, { status: 'failed', result: '409', msg: 'Call is not bridged yet' }))
  }

  /** §2.5 / §2.6: both need a bridged call. Progress events are not documented. [inferred] */
  #transfer(route: 'transfer' | 'forward', body: Record<string, string>, request: ApiRequest): ApiResponse {
    const bridge = this.#bridge
    if (bridge?.state !== 'bridged') return this.#notBridged(request)
    const to = route === 'transfer' ? body.transfer_to! : body.to!
    this.#action(route, body as never)
    const { clock } = this.ctx
    const behaviour = this.#party(to)
    const progress = (status: string, extra: Record<string, unknown> = {}) => () => this.#send({ state: route, status, from: body.from, to, ...extra })
    if (route === 'forward') {
      // Forward is blind: the present B-party leaves at once and the caller waits for the new one.
      this.ctx.note(`${bridge.to} released (forward)`)
      this.#stopRecording()
      bridge.state = 'bridging'
      bridge.to = to
    }
    bridge.timers.push(clock.setTimer(BEHAVIOUR.bridgeRingingAfterMs, `${route} ringing`, progress('initiated')))
    if (behaviour === 'busy' || behaviour === 'no-answer') {
      const reason = behaviour === 'busy' ? BEHAVIOUR.reasons.busy : BEHAVIOUR.reasons.noAnswer
      const after = behaviour === 'busy' ? BEHAVIOUR.busyAfterMs : BEHAVIOUR.noAnswerAfterMs
      bridge.timers.push(
        clock.setTimer(after, `${to} ${behaviour}`, async () => {
          // A failed forward leaves the caller alone; a failed transfer keeps the old bridge.
          if (route === 'forward') this.#endBridge()
          await progress('failed', { disconnect_reason: reason })()
        }),
      )
    } else {
      bridge.timers.push(
        clock.setTimer(BEHAVIOUR.bridgeAnswerAfterMs, `${to} answers`, async () => {
          if (route === 'transfer') this.ctx.note(`${bridge.to} leaves; the caller now talks to ${to}`)
          bridge.to = to
          bridge.state = 'bridged'
          this.#partyHangsUp(bridge, behaviour)
          await progress('success')()
        }),
      )
    }
    const status = route === 'transfer' ? 'initiated' : 'success'
    return { status: 200, body: { voice_id: this.voiceId, from: body.from, to, status, ...(route === 'transfer' ? { channel_id: this.ctx.uuid() } : {}), timestamp: this.ctx.clock.iso() } }
  }

  /** §2.7: music on hold for the caller. Response and events are not documented. [inferred] */
  #hold(body: EnableXActions['hold'], request: ApiRequest): ApiResponse {
    const bridge = this.#bridge
    if (bridge?.state !== 'bridged') return this.#notBridged(request)
    this.#action('hold', body)
    bridge.held = body.hold
    if (body.hold) this.ctx.heard({ kind: 'audio', text: 'music on hold' }, this.ctx.clock.now())
    this.ctx.clock.setTimer(0, body.hold ? 'hold' : 'unhold', () => this.#send({ state: body.hold ? 'hold' : 'unhold' }))
    return { status: 200, body: { voice_id: this.voiceId, status: 'success', hold: body.hold, timestamp: this.ctx.clock.iso() } }
  }

  /** §2.8: recording runs on a bridge; already running 408; a reused name 6119. */
  #recordingCommand(body: EnableXActions['recording'], request: ApiRequest): ApiResponse {
    if (this.#bridge?.state !== 'bridged') return this.#notBridged(request)
    const fail = (status: number, result: string, msg: string) => this.#record(request, this.#error(status, { status: 'failed', result, msg }))
    if ('start' in body) {
      if (this.#recording) return fail(408, '408', 'Call is already recording')
      if (body.recording_name !== undefined && this.#recordingNames.has(body.recording_name)) {
        return fail(400, '6119', 'Failed to start recording on bridge')
      }
      if (body.recording_name !== undefined) this.#recordingNames.add(body.recording_name)
      this.#recording = { id: this.ctx.uuid(), name: body.recording_name, startedAt: this.ctx.clock.now() }
      this.#action('recording', body)
      this.ctx.clock.setTimer(0, 'recording started', () => this.#send({ state: 'started', description: 'Recording Started' }))
      return this.#recordingAnswer(this.#recording.id)
    }
    const running = this.#recording
    if (!running) return fail(400, '400', 'Recording is not in progress')
    this.#action('recording', body)
    this.#stopRecording()
    return this.#recordingAnswer(running.id)
  }

  #recordingAnswer(id: string): ApiResponse {
    return { status: 200, body: { status: 'success', ...this.#parties(), voice_id: this.voiceId, recording_id: id, msg: '', timeStamp: this.ctx.clock.iso() } }
  }

  /** §2.10: the app hangs up (or rejects an incoming call); `disconnected` follows. */
  #hangup(): ApiResponse {
    const rejected = this.#phase === 'incoming'
    this.#action('hangup', {})
    this.#stopEverything('the app hung up')
    this.#phase = 'ended'
    this.ctx.end({ by: 'app', reason: rejected ? 'rejected (DELETE before accept)' : 'DELETE /voice/v1/call/{voice_id}' })
    this.ctx.clock.setTimer(0, 'disconnected', () => this.#sendDisconnected(BEHAVIOUR.reasons.normal))
    return { status: 200, body: { voice_id: this.voiceId, state: 'success', ...this.#parties(), timeStamp: this.ctx.clock.iso() } }
  }

  // ── play: prompt, DTMF menu, speech (§2.3, §3.3, §3.4) ───────────────────────────────────

  #startPlay(play: PlayRequest): Play {
    const now = this.ctx.clock.now()
    const plan = planPrompt(play, this.options.promptDurationsMs)
    const p: Play = {
      ref: play.prompt_ref === undefined ? undefined : String(play.prompt_ref),
      plan,
      startedAt: now,
      promptEnd: now + plan.ms,
      finished: false,
      interrupt: play.interrupt !== false,
      dtmf: play.dtmf ? { digits: '' } : undefined,
      asr: play.asr
        ? {
            startTimeoutMs: (play.start_timeout ?? BEHAVIOUR.startTimeoutS) * 1000,
            recognizerTimeoutMs: (play.recognizer_timeout ?? BEHAVIOUR.recognizerTimeoutS) * 1000,
            speaking: false,
          }
        : undefined,
    }
    this.#play = p
    p.timer = this.ctx.clock.setTimer(plan.ms, 'playfinished', () => this.#promptDone(p, false))
    return p
  }

  #playEvent(p: Play, fields: Record<string, unknown>): Record<string, unknown> {
    return { ...this.#parties(), ...fields, ...(p.ref !== undefined ? { prompt_ref: p.ref } : {}) }
  }

  /** The prompt ended (or a key cut it): `playfinished`; a menu then waits for input. */
  async #promptDone(p: Play, cut: boolean): Promise<void> {
    if (p.finished) return
    const now = this.ctx.clock.now()
    this.ctx.clock.clear(p.timer)
    p.timer = undefined
    p.finished = true
    p.promptEnd = Math.min(p.promptEnd, now)
    this.ctx.heard(p.plan.prompt, p.startedAt, cut ? now - p.startedAt : undefined)
    if (!p.dtmf && !p.asr) {
      if (this.#play === p) this.#play = undefined
    } else if (!p.dtmf?.digits && !p.asr?.speaking) {
      const menu = p.dtmf ? BEHAVIOUR.menuTimeoutMs : Infinity
      const speech = p.asr ? p.asr.startTimeoutMs : Infinity
      p.timer = this.ctx.clock.setTimer(Math.min(menu, speech), menu <= speech ? 'menutimeout' : 'speech timeout', () =>
        menu <= speech ? this.#menuTimeout(p) : this.#speechResult(p, { state: 'timeout', reason: BEHAVIOUR.speechReasons.timeout }),
      )
    }
    await this.#send(this.#playEvent(p, { playstate: 'playfinished' }))
  }

  async #menuTimeout(p: Play): Promise<void> {
    this.#endPlay(p)
    await this.#send(this.#playEvent(p, { playstate: 'menutimeout' }))
  }

  async #digitsCollected(p: Play): Promise<void> {
    this.#endPlay(p)
    await this.#send(this.#playEvent(p, { playstate: 'digitcollected', digit: p.dtmf!.digits }))
  }

  async #speechResult(p: Play, fields: Record<string, unknown>): Promise<void> {
    this.#endPlay(p)
    await this.#send(this.#playEvent(p, fields))
  }

  #endPlay(p: Play): void {
    this.ctx.clock.clear(p.timer)
    p.timer = undefined
    if (this.#play === p) this.#play = undefined
  }

  #pressDigits(digits: string, bargeIn: boolean, gapMs: number, label: string): Promise<void> {
    const p = this.#play
    return typeKeys(this.ctx, {
      digits,
      bargeIn,
      gapMs,
      label,
      promptEnd: p && !p.finished ? p.promptEnd : 0,
      isOver: () => this.#phase === 'ended',
      press: (key) => this.#key(key),
    })
  }

  async #key(key: string): Promise<void> {
    const p = this.#play
    const { clock } = this.ctx
    if (p?.dtmf) {
      if (!p.finished) {
        if (!p.interrupt) return this.ctx.note(`key ${key} ignored: the prompt plays with interrupt: false`)
        await this.#promptDone(p, true)
        if (this.#play !== p) return
      }
      p.dtmf.digits += key
      clock.clear(p.timer)
      p.timer = clock.setTimer(BEHAVIOUR.interDigitTimeoutMs, 'digitcollected', () => this.#digitsCollected(p))
      return
    }
    const b = this.#bridge
    if (b?.state === 'bridged') {
      b.digits += key
      clock.clear(b.digitTimer)
      b.digitTimer = clock.setTimer(BEHAVIOUR.interDigitTimeoutMs, 'dtmfcollected', async () => {
        const digit = b.digits
        b.digits = ''
        b.digitTimer = undefined
        await this.#send({ state: 'dtmfcollected', digit })
      })
      return
    }
    this.ctx.note(`key ${key} ignored: nothing is collecting digits`)
  }

  async #speak(text: string, recognised: boolean, bargeIn: boolean, label: string): Promise<void> {
    const p = this.#play
    if (!p?.asr) {
      this.ctx.caller(label)
      return this.ctx.note('speech ignored: no play with asr is listening')
    }
    this.ctx.caller(label, bargeIn || p.finished ? this.ctx.clock.now() : Math.max(this.ctx.clock.now(), p.promptEnd))
    if (!bargeIn) await this.ctx.advanceTo(Math.max(this.ctx.clock.now(), p.promptEnd))
    else if (!p.finished) {
      if (!p.interrupt) return this.ctx.note('speech ignored: the prompt plays with interrupt: false')
      await this.#promptDone(p, true)
    }
    if (this.#play !== p || !p.asr) return this.ctx.note('speech ignored: the prompt it was meant for has ended')
    this.ctx.clock.clear(p.timer)
    p.asr.speaking = true
    const result = recognised
      ? { state: 'recognized', text, reason: BEHAVIOUR.speechReasons.recognized, playstate: 'speech_recognized' }
      : { state: 'unrecognized', reason: BEHAVIOUR.speechReasons.unrecognized }
    p.timer = this.ctx.clock.setTimer(speechMs(text) + p.asr.recognizerTimeoutMs, result.state, () => this.#speechResult(p, result))
  }

  // ── bridge (§2.4, §3.6) ──────────────────────────────────────────────────────────────────

  #party(number: string): PartyBehaviour {
    return this.setup.party(number.startsWith('+') || number.startsWith('sip') ? number : `+${number}`)
  }

  #startBridge(from: string, to: string): void {
    if (this.#play) this.#cutPlay('the call is being bridged')
    const bridge: Bridge = { from, to, state: 'bridging', held: false, digits: '', timers: [] }
    this.#bridge = bridge
    const { clock } = this.ctx
    const behaviour = this.#party(to)
    const event = (state: string, extra: Record<string, unknown> = {}) => this.#send({ state, from, to: bridge.to, ...extra })
    if (behaviour === 'busy') {
      bridge.timers.push(clock.setTimer(BEHAVIOUR.busyAfterMs, `${to} busy`, () => this.#bridgeFailed(bridge, BEHAVIOUR.reasons.busy)))
      return
    }
    bridge.timers.push(clock.setTimer(BEHAVIOUR.bridgeRingingAfterMs, `${to} ringing`, () => event('bridging')))
    if (behaviour === 'no-answer') {
      bridge.timers.push(clock.setTimer(BEHAVIOUR.noAnswerAfterMs, `${to} no answer`, () => this.#bridgeFailed(bridge, BEHAVIOUR.reasons.noAnswer)))
      return
    }
    bridge.timers.push(
      clock.setTimer(BEHAVIOUR.bridgeAnswerAfterMs, `${to} answers`, async () => {
        bridge.state = 'bridged'
        this.#partyHangsUp(bridge, behaviour)
        await event('bridged')
      }),
    )
  }

  #partyHangsUp(bridge: Bridge, behaviour: PartyBehaviour): void {
    if (typeof behaviour !== 'object') return
    bridge.timers.push(
      this.ctx.clock.setTimer(behaviour.hangsUpAfterMs, `${bridge.to} hangs up`, async () => {
        const { from, to } = bridge
        this.#endBridge()
        await this.#send({ state: 'bridge_disconnected', from, to })
      }),
    )
  }

  async #bridgeFailed(bridge: Bridge, reason: string): Promise<void> {
    this.#endBridge()
    await this.#send({ state: 'failed', from: bridge.from, to: bridge.to, disconnect_reason: reason })
  }

  /** The B-party is gone: the caller is alone again, and the app decides what follows. */
  #endBridge(atCallEnd = false): void {
    const b = this.#bridge
    if (!b) return
    for (const t of b.timers) this.ctx.clock.clear(t)
    this.ctx.clock.clear(b.digitTimer)
    this.#bridge = undefined
    this.#stopRecording(atCallEnd)
  }

  // ── recording (§2.8, §3.8) ───────────────────────────────────────────────────────────────

  /** Ends the running recording; `completed` follows at once (or just before `disconnected`). */
  #stopRecording(atCallEnd = false): void {
    const r = this.#recording
    if (!r) return
    this.#recording = undefined
    const durationS = secs(this.ctx.clock.now() - r.startedAt)
    this.#recorded.push({ id: r.id, durationS })
    EnableXApi.addRecording({ id: r.id, voiceId: this.voiceId, durationS })
    if (atCallEnd) this.#completedAtEnd = true
    else this.ctx.clock.setTimer(0, 'recording completed', () => this.#send({ state: 'completed', description: 'Recording Completed' }))
  }

  // ── ends ─────────────────────────────────────────────────────────────────────────────────

  /** The caller, the callee or the network ends the call: `disconnected` (§3.2). */
  async #disconnect(by: 'caller' | 'callee' | 'network', reason: string, why: string): Promise<void> {
    if (this.#phase === 'ended') return
    this.#stopEverything(by === 'network' ? 'the line dropped' : 'hung up')
    this.#phase = 'ended'
    this.ctx.end({ by, reason: why })
    await this.#sendDisconnected(reason)
  }

  async #sendDisconnected(reason: string): Promise<void> {
    // A recording stopped by the end of the call is reported before the call's end.
    if (this.#completedAtEnd) {
      this.#completedAtEnd = false
      await this.#send({ state: 'completed', description: 'Recording Completed' })
    }
    const recorded = this.#autoRecord && this.#connectedAt !== undefined
      ? { id: this.voiceId, durationS: secs(this.ctx.clock.now() - this.#connectedAt) }
      : this.#recorded.at(-1)
    if (recorded && this.#autoRecord) EnableXApi.addRecording({ id: recorded.id, voiceId: this.voiceId, durationS: recorded.durationS })
    await this.#send({
      state: 'disconnected',
      ...this.#parties(),
      disconnect_reason: reason,
      ...(recorded ? { recording_url: `${BEHAVIOUR.recordingBaseUrl}/${recorded.id}.wav`, recording_duration: recorded.durationS } : {}),
    })
  }

  #stopEverything(why: string): void {
    if (this.#play) this.#cutPlay(why)
    this.#endBridge(true)
  }

  #cutPlay(why: string): void {
    const p = this.#play!
    if (!p.finished) {
      const now = this.ctx.clock.now()
      this.ctx.note(`prompt cut off: ${why}`)
      this.ctx.heard(p.plan.prompt, p.startedAt, now < p.promptEnd ? now - p.startedAt : undefined)
    }
    this.#endPlay(p)
  }

  // ── failures ─────────────────────────────────────────────────────────────────────────────

  /** A request the app should never have made fails the flow at the next step. */
  #fail(error: unknown): void {
    this.#fatal ??= error
    this.ctx.clock.setTimer(0, 'refused request', () => this.#throwFatal())
  }

  #throwFatal(): void {
    const fatal = this.#fatal
    if (fatal === undefined) return
    this.#fatal = undefined
    throw fatal
  }
}
