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
} from '../../src/driver/index.js'
import { CallspecError, VendorPayloadError, describeExchange, readJson, cutShort, recordApi, recordHeard, typeKeys } from '../../src/driver/index.js'
import type { WireRequest, WireResponse } from '../../src/driver/index.js'
import { BEHAVIOUR, type WebexOptions } from './behaviour.js'
import { schedule, speechMs, type Scheduled } from './media.js'
import { readAction } from './read-action.js'
import type { ApiCallHandle, WebexApi } from './rest-api.js'
import { ActionSchema, type Action, type EventName, type PatchAction, type PlayAction, type RecordAction } from './schemas.js'
import { sequencingProblem } from './sequencing.js'
import { summarizeAction, summarizeEvent } from './summaries.js'
import type { Event } from './schemas.js'

/** What is playing, listening or bridged on the caller's leg right now. */
type Media =
  | {
      kind: 'play'
      txn: string
      startedAt: number
      items: Scheduled[]
      promptEnd: number
      collect?: { maxDigits: number; timeoutMs: number; terminationDigit?: string; digits: string }
      stream?: { timeoutMs: number }
      timer?: Timer
    }
  | { kind: 'record'; txn: string; items: Scheduled[]; promptEnd: number; action: RecordAction; timer?: Timer }
  | { kind: 'patch'; txn: string; action: PatchAction; bridged: boolean; timer?: Timer }

type Phase = 'offered' | 'dialing' | 'live' | 'ended'
type Exchange = { request: WireRequest; response: WireResponse }

/** Fields every event carries (§2.1). */
type Envelope = { eventTime: string; sessionId: string; correlationId?: string }

/**
 * One Webex Connect call: events out, one action back per event (§4). The platform's timing —
 * prompt lengths, digit timeouts, ringing, voicemail detection — runs on the virtual clock.
 */
export class WebexCall implements PlatformCall, ApiCallHandle {
  readonly sessionId: string
  readonly options: WebexOptions
  #phase: Phase = 'offered'
  #media: Media | undefined
  #target: string
  #correlationId: string | undefined
  #offeredAt = 0
  #answeredAt: number | undefined
  #recordings: Array<{ durationSeconds: number; url: string }> = []
  #unregister: (() => void) | undefined
  /** Inbound: from the test; outbound: from the app's make-call request. */
  #numbers: { from: string; to: string }

  constructor(
    private readonly ctx: CallContext,
    private readonly setup: CallSetup<WebexOptions>,
    private readonly api: WebexApi | undefined,
  ) {
    this.sessionId = ctx.uuid()
    this.options = setup.vendor ?? {}
    this.#target = setup.webhookPath
    this.#numbers = { from: setup.parties.from, to: setup.parties.to }
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    this.#unregister = this.api?.register(this)
    if (this.setup.parties.direction === 'inbound') {
      const { from, to } = this.setup.parties
      await this.#send('ACCEPTED', { callerId: from, dialedNumber: to, offeredTime: this.ctx.clock.iso() })
      return
    }
    await this.#placeOutbound()
  }

  async #placeOutbound(): Promise<void> {
    if (!this.api) throw new CallspecError('an outbound Webex Connect call needs the fake REST API (the api option).')
    const expectTo = this.setup.dialled
    const waiting = this.api.expectMakeCall(this, expectTo)
    this.ctx.startTrigger()
    const claim = await this.ctx
      .waitForApp(waiting.claimed, "the app's make-call request (POST /v1/voice/calls)")
      .finally(() => waiting.cancel())
    const { request } = claim
    await this.ctx.awaitTrigger()
    if (expectTo && request.dialedNumber !== expectTo) {
      throw new CallspecError(`the app dialled ${request.dialedNumber}, but the test expects toNumber('${expectTo}').`)
    }
    this.#numbers = { from: request.callerId, to: request.dialedNumber }
    this.ctx.setParties(this.#numbers)
    this.#target = request.callbackUrl
    this.#correlationId = request.correlationId
    if (request.recordCallSeconds !== undefined) this.ctx.note(`whole-call recording on (recordCallSeconds ${request.recordCallSeconds})`)
    this.#phase = 'dialing'
    this.#dialCallee(this.setup.callee, request.detectVoiceMail)
  }

  #dialCallee(behaviour: PartyBehaviour, detectVoiceMail: boolean): void {
    const { clock } = this.ctx
    if (behaviour === 'busy' || behaviour === 'no-answer') {
      const busy = behaviour === 'busy'
      clock.setTimer(busy ? BEHAVIOUR.busyAfterMs : BEHAVIOUR.noAnswerAfterMs, behaviour, async () => {
        this.ctx.end({ by: 'callee', reason: busy ? 'line busy' : 'no answer' })
        this.#phase = 'ended'
        const cause = busy ? BEHAVIOUR.causes.busy : BEHAVIOUR.causes.noAnswer
        await this.#send('DROPPED', { status: 'FAILURE', error: cause })
      })
      return
    }
    clock.setTimer(BEHAVIOUR.outboundRingMs, 'callee answers', async () => {
      this.#phase = 'live'
      this.#answeredAt = clock.now()
      if (behaviour === 'voicemail') this.ctx.note('voicemail picks up')
      if (typeof behaviour === 'object') this.#calleeHangsUpAfter(behaviour.hangsUpAfterMs)
      if (behaviour === 'voicemail' && detectVoiceMail) {
        const [min, max] = BEHAVIOUR.vmDetectAfterMs
        clock.setTimer(this.ctx.random.number.int({ min, max }), 'VMDETECTED', () => this.#voicemailDetected())
      }
      const { from, to } = this.#parties()
      await this.#send('ANSWERED', { callerId: from, dialedNumber: to, offeredTime: clock.iso(0), answeredTime: clock.iso() })
    })
  }

  #calleeHangsUpAfter(ms: number): void {
    this.ctx.clock.setTimer(ms, 'callee hangs up', () => this.#dropped('callee'))
  }

  async #voicemailDetected(): Promise<void> {
    if (this.#phase !== 'live') return
    this.#stopMedia('voicemail detected')
    const { from, to } = this.#parties()
    await this.#send('VMDETECTED', { callerId: from, dialedNumber: to, transactionId: this.ctx.uuid() })
  }

  listening(): Listening | undefined {
    const m = this.#media
    if (!m || this.#phase !== 'live') return undefined
    if (m.kind === 'play' && (m.collect || m.stream)) {
      const c = m.collect
      const parts = c ? [`digits (${[c.maxDigits && `max ${c.maxDigits}`, c.terminationDigit && `${c.terminationDigit} ends`, `${c.timeoutMs / 1000} s timeout`].filter(Boolean).join(', ')})`] : []
      if (m.stream) parts.push('speech')
      return { digits: !!c, speech: !!m.stream, describe: parts.join(' and ') }
    }
    if (m.kind === 'record') return { digits: true, speech: true, describe: 'a recording (speech, or the termination digit)' }
    return undefined
  }

  async input(input: CallerInput): Promise<void> {
    if (input.kind === 'hangup') {
      this.ctx.caller(input.label)
      return this.#dropped(input.cause === 'network' ? 'network' : 'caller')
    }
    if (input.kind === 'digits') return this.#pressDigits(input.digits, input.bargeIn, input.gapMs, input.label)
    return this.#speak(input.text, input.recognised, input.bargeIn, input.label)
  }

  // ── the webhook turn ─────────────────────────────────────────────────────────────────────

  /** Sends one event and executes the action the app answers with. */
  async #send(name: EventName, fields: Record<string, unknown>): Promise<void> {
    const event = this.#event(name, fields)
    const exchange = await this.ctx.deliver({
      name: event.event,
      summary: summarizeEvent(event),
      body: event,
      target: this.#target,
      headers: this.setup.headers,
    })
    const { response } = exchange
    if (this.#phase === 'ended') return this.#afterEnd(name, exchange)
    const bridged = this.#media?.kind === 'patch' && this.#media.bridged && name === 'PATCHED'
    // While a patch is bridged an empty 200 is a complete answer: nothing to do until someone leaves.
    if (bridged && isOk(response.status) && response.body.trim() === '') return
    const raw = readJson(response, { event: name, expected: 'one JSON action object' }, exchange.request)
    const action = readAction(raw, name, exchange, this.options.legacyPlayInput === true)
    const problem = sequencingProblem(name, action.action, bridged)
    if (problem) throw new VendorPayloadError(`${problem}\n${describeExchange(exchange.request, response)}`, [{ path: 'action', message: problem }])
    this.ctx.action({
      name: action.action,
      raw,
      source: 'response',
      summary: summarizeAction(action),
      prompts: 'audio' in action && action.audio ? schedule(action.audio, 0).map((s) => s.prompt) : [],
      endsCall: action.action === 'HANGUP' || action.action === 'REJECT',
    })
    await this.#execute(action)
  }

  /**
   * Answers to events sent once the call is over are not executed. Whatever the app answers is
   * fine (an acknowledgement, `{}`, an error page) except a real action to DROPPED, which breaks
   * the rule that nothing follows the end of the call.
   */
  #afterEnd(name: EventName, exchange: Exchange): void {
    const { response } = exchange
    if (!isOk(response.status)) return this.ctx.note(`the app answered ${name} with HTTP ${response.status} (ignored: the call is over)`)
    let raw: unknown
    try {
      raw = response.body.trim() === '' ? undefined : JSON.parse(response.body)
    } catch {
      return
    }
    const action = ActionSchema.safeParse(raw)
    if (!action.success) return
    const problem = name === 'DROPPED' ? sequencingProblem(name, action.data.action, false) : undefined
    if (problem) throw new VendorPayloadError(`${problem}\n${describeExchange(exchange.request, response)}`, [{ path: 'action', message: problem }])
    this.ctx.note(`the app answered ${name} with ${action.data.action}: ignored, the call is over`)
  }

  #event(name: EventName, fields: Record<string, unknown>): Event {
    const failed = fields.status === 'FAILURE' && name !== 'DROPPED' && this.options.failureEvent === 'FAILURE'
    // The literal FAILURE event (§2.11) only behind the switch; the default keeps the action's own name.
    const event: Envelope & Record<string, unknown> = { event: failed ? 'FAILURE' : name, eventTime: this.ctx.clock.iso(), sessionId: this.sessionId }
    if (this.#correlationId !== undefined) event.correlationId = this.#correlationId
    // Key by key: object spread was a hot spot in profiles.
    for (const key in fields) event[key] = fields[key]
    return event as unknown as Event
  }

  async #execute(action: Action): Promise<void> {
    switch (action.action) {
      case 'ANSWER':
        this.ctx.clock.setTimer(BEHAVIOUR.answerDelayMs, 'ANSWERED', async () => {
          if (this.#phase !== 'offered') return
          this.#phase = 'live'
          this.#answeredAt = this.ctx.clock.now()
          const { from, to } = this.#parties()
          await this.#send('ANSWERED', { callerId: from, dialedNumber: to, offeredTime: this.ctx.clock.iso(this.#offeredAt), answeredTime: this.ctx.clock.iso() })
        })
        return
      case 'HANGUP':
      case 'REJECT': {
        const rejected = this.#phase === 'offered'
        this.#stopMedia('the app hung up')
        this.#phase = 'ended'
        this.ctx.end({ by: 'app', reason: `${action.action}${action.reason ? ` (${action.reason})` : ''}` })
        if (!BEHAVIOUR.dropAfterAppHangup) return
        const cause = rejected ? BEHAVIOUR.causes.appReject : BEHAVIOUR.causes.appHangup
        const droppedBy = this.setup.parties.direction === 'inbound' ? 'CALLEE' : 'CALLER'
        this.ctx.clock.setTimer(0, 'DROPPED', () => this.#send('DROPPED', { status: 'SUCCESS', droppedBy, error: cause }))
        return
      }
      case 'PLAY':
        return this.#play(action)
      case 'RECORD':
        return this.#record(action)
      case 'PATCH':
        return this.#patch(action)
    }
  }

  // ── PLAY, with DTMF or speech collection (§3.4) ──────────────────────────────────────────

  #play(action: PlayAction): void {
    const now = this.ctx.clock.now()
    const items = schedule(action.audio, now, this.options.audioDurationsMs)
    const promptEnd = items.at(-1)!.end
    const c = action.collectInput
    const media: Media & { kind: 'play' } = {
      kind: 'play',
      txn: this.ctx.uuid(),
      startedAt: now,
      items,
      promptEnd,
      collect: c && {
        maxDigits: c.maxDigits ?? 0,
        timeoutMs: (c.digitTimeout ?? BEHAVIOUR.digitTimeoutS) * 1000,
        terminationDigit: c.terminationDigit,
        digits: '',
      },
      stream: action.streamInput && { timeoutMs: (action.streamInput.timeout ?? BEHAVIOUR.streamTimeoutS) * 1000 },
    }
    if (action.recordCall) this.ctx.note('call recording during this PLAY (recordCall)')
    this.#media = media
    if (media.collect || media.stream) {
      // Silence: the earlier of the two timeouts, counted from the end of the prompt.
      const wait = Math.min(media.collect?.timeoutMs ?? Infinity, media.stream?.timeoutMs ?? Infinity)
      media.timer = this.ctx.clock.setTimer(promptEnd + wait - now, 'input timeout', () => this.#inputTimedOut(media))
    } else {
      media.timer = this.ctx.clock.setTimer(promptEnd - now, 'PLAYED', () => this.#played(media))
    }
  }

  async #played(media: Media & { kind: 'play' }): Promise<void> {
    this.#endMedia(media)
    await this.#send('PLAYED', { transactionId: media.txn, status: 'SUCCESS', playedDuration: secs(media.promptEnd - media.startedAt) })
  }

  async #inputTimedOut(media: Media & { kind: 'play' }): Promise<void> {
    if (media.collect && (!media.stream || media.collect.timeoutMs <= media.stream.timeoutMs)) return this.#collected(media)
    this.#endMedia(media)
    await this.#send('STREAMED', { ...this.#streamParties(), transactionId: media.txn, status: 'FAILURE', error: BEHAVIOUR.speechErrors.timeout })
  }

  async #collected(media: Media & { kind: 'play' }, terminationDigit?: string): Promise<void> {
    const at = this.ctx.clock.now()
    this.#endMedia(media)
    const digits = media.collect!.digits
    await this.#send('COLLECTED_DIGITS', {
      transactionId: media.txn,
      status: 'SUCCESS',
      numOfDigits: digits.length,
      digitsReceived: digits,
      ...(terminationDigit ? { terminationDigit } : {}),
      playedDuration: secs(Math.min(at, media.promptEnd) - media.startedAt),
    })
  }

  #pressDigits(digits: string, bargeIn: boolean, gapMs: number, label: string): Promise<void> {
    const m = this.#media
    return typeKeys(this.ctx, {
      digits,
      bargeIn,
      gapMs,
      label,
      promptEnd: m && m.kind !== 'patch' ? m.promptEnd : 0,
      isOver: () => this.#phase === 'ended',
      press: (key) => this.#key(key),
    })
  }

  async #key(key: string): Promise<void> {
    const m = this.#media
    const now = this.ctx.clock.now()
    if (m?.kind === 'play' && m.collect) {
      if (now < m.promptEnd) this.#bargeIn(m, now)
      if (key === m.collect.terminationDigit) return this.#collected(m, key)
      m.collect.digits += key
      if (m.collect.maxDigits > 0 && m.collect.digits.length >= m.collect.maxDigits) return this.#collected(m)
      this.ctx.clock.clear(m.timer)
      m.timer = this.ctx.clock.setTimer(m.collect.timeoutMs, 'digit timeout', () => this.#collected(m))
      return
    }
    if (m?.kind === 'record') {
      if (key === m.action.terminationDigit) return this.#recorded(m)
      this.ctx.note(`key ${key} recorded as sound (it is not RECORD's termination digit)`)
      return
    }
    if (m?.kind === 'patch' && m.bridged) {
      this.ctx.note(m.action.passDtmf === false ? `key ${key} not passed (passDtmf false)` : `key ${key} passed to ${m.action.dialedNumber}`)
      return
    }
    this.ctx.note(`key ${key} ignored: nothing is collecting digits`)
  }

  /** A key or an utterance during the prompt stops it; the timeout then counts from now. */
  #bargeIn(m: Media & { kind: 'play' }, now: number): void {
    m.promptEnd = now
    this.ctx.clock.clear(m.timer)
    const wait = Math.min(m.collect?.timeoutMs ?? Infinity, m.stream?.timeoutMs ?? Infinity)
    m.timer = this.ctx.clock.setTimer(wait, 'input timeout', () => this.#inputTimedOut(m))
  }

  async #speak(text: string, recognised: boolean, bargeIn: boolean, label: string): Promise<void> {
    const m = this.#media
    this.ctx.caller(label, bargeIn || !m || m.kind === 'patch' ? this.ctx.clock.now() : Math.max(this.ctx.clock.now(), m.promptEnd))
    if (!m || m.kind === 'patch') return this.ctx.note(`speech ignored: nothing is listening`)
    if (!bargeIn) await this.ctx.advanceTo(Math.max(this.ctx.clock.now(), m.promptEnd))
    if (this.#media !== m) return this.ctx.note('speech ignored: the prompt it was meant for has ended')
    if (m.kind === 'record') {
      await this.ctx.advanceTo(this.ctx.clock.now() + speechMs(text))
      if (this.#media === m) this.ctx.note(`${JSON.stringify(text)} goes into the recording`)
      return
    }
    if (!m.stream) return this.ctx.note('speech ignored: this PLAY collects digits only')
    const now = this.ctx.clock.now()
    if (now < m.promptEnd) this.#bargeIn(m, now)
    this.ctx.clock.clear(m.timer)
    m.timer = undefined
    await this.ctx.advanceTo(now + speechMs(text))
    if (this.#media !== m) return
    this.#endMedia(m)
    const result = recognised ? { status: 'SUCCESS', text } : { status: 'FAILURE', error: BEHAVIOUR.speechErrors.notRecognised }
    await this.#send('STREAMED', { ...this.#streamParties(), transactionId: m.txn, ...result })
  }

  #streamParties() {
    const { from, to } = this.#parties()
    return { callerId: from, dialedNumber: to }
  }

  // ── RECORD (§3.6) ────────────────────────────────────────────────────────────────────────

  #record(action: RecordAction): void {
    const now = this.ctx.clock.now()
    const items = action.audio ? schedule(action.audio, now, this.options.audioDurationsMs) : []
    const promptEnd = items.at(-1)?.end ?? now
    const media: Media & { kind: 'record' } = { kind: 'record', txn: this.ctx.uuid(), items, promptEnd, action }
    this.#media = media
    const limit = (action.timeoutSeconds ?? BEHAVIOUR.recordTimeoutS) * 1000
    media.timer = this.ctx.clock.setTimer(promptEnd + limit - now, 'recording timeout', () => this.#recorded(media))
  }

  async #recorded(media: Media & { kind: 'record' }): Promise<void> {
    this.#endMedia(media)
    const length = secs(Math.max(0, this.ctx.clock.now() - media.promptEnd))
    const url = `${BEHAVIOUR.recordingBaseUrl}/menu_${Math.floor((this.ctx.clock.epochMs + media.promptEnd) / 1000)}_${this.sessionId.slice(0, 8)}_${this.#recordings.length + 1}.wav`
    this.#recordings.push({ durationSeconds: length, url })
    await this.#send('RECORDED', { transactionId: media.txn, status: 'SUCCESS', recordingFileName: url, recordingLength: length })
  }

  // ── PATCH (§3.5) ─────────────────────────────────────────────────────────────────────────

  #patch(action: PatchAction): void {
    const media: Media & { kind: 'patch' } = { kind: 'patch', txn: this.ctx.uuid(), action, bridged: false }
    this.#media = media
    const now = this.ctx.clock.now()
    if (action.holdAudio) this.ctx.heard(schedule([action.holdAudio], now)[0]!.prompt, now)
    const behaviour = this.setup.party(action.dialedNumber)
    const fail = (cause: { code: string; message: string }) => async () => {
      this.#endMedia(media)
      await this.#send('PATCHED', { transactionId: media.txn, status: 'FAILURE', error: cause })
    }
    if (behaviour === 'busy') {
      media.timer = this.ctx.clock.setTimer(BEHAVIOUR.busyAfterMs, `${action.dialedNumber} busy`, fail(BEHAVIOUR.causes.busy))
      return
    }
    if (behaviour === 'no-answer') {
      media.timer = this.ctx.clock.setTimer(BEHAVIOUR.noAnswerAfterMs, `${action.dialedNumber} no answer`, fail(BEHAVIOUR.causes.noAnswer))
      return
    }
    const greeting = action.greetingAudio ? schedule([action.greetingAudio], 0, this.options.audioDurationsMs)[0]!.end : 0
    const connectIn = BEHAVIOUR.patchRingMs + greeting * ((action.greetingRepeatCount ?? 0) + 1)
    media.timer = this.ctx.clock.setTimer(connectIn, `${action.dialedNumber} connected`, async () => {
      media.bridged = true
      media.timer = undefined
      if (action.patchDigit) this.ctx.note(`${action.dialedNumber} pressed the patch digit ${action.patchDigit}`)
      if (typeof behaviour === 'object') {
        media.timer = this.ctx.clock.setTimer(behaviour.hangsUpAfterMs, `${action.dialedNumber} hangs up`, () => this.#patchReleased(media))
      }
      const recordings = action.recordCall ? [`${this.sessionId.slice(0, 8)}_patch_1.wav`] : undefined
      await this.#send('PATCHED', {
        transactionId: media.txn,
        status: 'SUCCESS',
        ConnectedOn: this.ctx.clock.iso(),
        ...(recordings ? { recordingFileName: recordings } : {}),
      })
    })
  }

  /** The B-party left: the caller is alone again and the app decides what follows. [inferred] */
  async #patchReleased(media: Media & { kind: 'patch' }): Promise<void> {
    this.#endMedia(media)
    await this.#send('PATCHED', { transactionId: media.txn, status: 'SUCCESS', droppedBy: 'CALLEE' })
  }

  // ── ends ─────────────────────────────────────────────────────────────────────────────────

  /** The caller (or the network, or the called person) ends the call: DROPPED (§2.4). */
  async #dropped(by: 'caller' | 'network' | 'callee'): Promise<void> {
    if (this.#phase === 'ended') return
    const recording = this.#media?.kind === 'record' ? this.#media : undefined
    this.#stopMedia(by === 'network' ? 'the line dropped' : 'hung up')
    this.#phase = 'ended'
    this.ctx.end({ by, reason: by === 'network' ? 'network drop' : by === 'caller' ? 'caller hung up' : 'the called person hung up' })
    // A recording in progress is kept and reported before the call's end. [inferred]
    if (recording) await this.#recorded(recording)
    const inbound = this.setup.parties.direction === 'inbound'
    const droppedBy = by === 'caller' ? (inbound ? 'CALLER' : 'CALLEE') : inbound ? 'CALLEE' : 'CALLER'
    if (by === 'network') await this.#send('DROPPED', { status: 'FAILURE', error: BEHAVIOUR.causes.network })
    else await this.#send('DROPPED', { status: 'SUCCESS', droppedBy, error: BEHAVIOUR.causes.callerHangup })
  }

  /** Stops whatever plays, noting how much of each prompt the caller heard. */
  #stopMedia(why: string): void {
    const m = this.#media
    if (!m) return
    if (m.kind !== 'patch') cutShort(this.ctx, m, why)
    this.#endMedia(m)
  }

  #endMedia(m: Media): void {
    this.ctx.clock.clear(m.timer)
    if (this.#media === m) this.#media = undefined
    if (m.kind === 'patch') return
    recordHeard(this.ctx, m.items, m.promptEnd)
    m.items = []
  }

  #parties(): { from: string; to: string } {
    return this.#numbers
  }

  // ── REST API view (§1.3, §1.4) ───────────────────────────────────────────────────────────

  status(): Record<string, unknown> {
    const { clock } = this.ctx
    const status = this.#phase === 'dialing' || this.#phase === 'offered' ? 'QUEUED' : this.#phase === 'live' ? 'ANSWERED' : this.#answeredAt === undefined ? 'FAILED' : 'COMPLETED'
    const { from, to } = this.#parties()
    return {
      sessionId: this.sessionId,
      callerId: from,
      dialedNumber: to,
      status,
      offeredTime: clock.iso(this.#offeredAt),
      ...(this.#answeredAt !== undefined ? { answeredTime: clock.iso(this.#answeredAt) } : {}),
      statusTime: clock.iso(),
      durationSeconds: this.#answeredAt === undefined ? 0 : secs(clock.now() - this.#answeredAt),
      ...(this.#correlationId ? { correlationId: this.#correlationId } : {}),
    }
  }

  recordings() {
    return [...this.#recordings]
  }

  recordApi(request: ApiRequest, answer: ApiResponse): void {
    recordApi(this.ctx, request, answer)
  }

  dispose(): void {
    this.#unregister?.()
  }
}

const secs = (ms: number) => Math.max(0, Math.round(ms / 1000))
const isOk = (status: number) => status >= 200 && status < 300
