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
  Timer,
  ValidationIssue,
  WireRequest,
  WireResponse,
} from '../../src/driver/index.js'
import { CallspecError, DECLINED_WHILE_RINGING, VendorPayloadError, describeExchange, errorPageInline, readJson, recordApi, speechStartsAt, typeKeys } from '../../src/driver/index.js'
import { schedule } from './audio.js'
import { BEHAVIOUR, type WebexOptions } from './behaviour.js'
import { IdempotencyKeys } from './idempotency.js'
import { Patch } from './media/patch.js'
import { Play } from './media/play.js'
import { Recording } from './media/record.js'
import { secs, type Leg, type Media } from './media/types.js'
import { readAction } from './read-action.js'
import type { ApiCallHandle, WebexApi } from './rest-api.js'
import { ActionSchema, type Action, type Event, type EventName } from './schemas.js'
import { carriesNoAction, sequencingProblem, sequencingRule } from './sequencing.js'
import { summarizeAction, summarizeEvent } from './summaries.js'
import { ruleFailure } from '../../src/validation/inferred-lead.js'
import { escapeControls } from '../../src/utils/printable-body.js'

type Phase = 'offered' | 'dialing' | 'live' | 'ended'
type Exchange = { request: WireRequest; response: WireResponse }

/** Fields every event carries (the common fields of Webex Connect's voice events). */
type Envelope = { eventTime: string; sessionId: string; correlationId?: string }

/**
 * One Webex Connect call: events out, one action back per event (Webex Connect's call flow docs).
 * The platform's timing — prompt lengths, digit timeouts, ringing, voicemail detection — runs on
 * the virtual clock. What plays or listens is a Media object (media/): this class runs the call
 * around it.
 */
export class WebexCall implements PlatformCall, ApiCallHandle, Leg {
  readonly sessionId: string
  readonly options: WebexOptions
  /** Keys of this call's make-call requests, on its clock: another call's never refuse this one's. */
  readonly idempotencyKeys = new IdempotencyKeys(() => this.ctx.clock.now())
  #phase: Phase = 'offered'
  #media: Media | undefined
  #target: string
  #correlationId: string | undefined
  #offeredAt = 0
  #answeredAt: number | undefined
  /** When the call ended: Get Call Status's statusTime, "time of current status", once it is over. */
  #endedAt: number | undefined
  #recordings: Array<{ durationSeconds: number; url: string }> = []
  /**
   * The make-call request's `recordCallSeconds` (Webex Connect's Make Call API reference): the
   * whole call is recorded from the answer.
   */
  #wholeCall: { seconds: number; timer?: Timer; done?: true } | undefined
  #unregister: (() => void) | undefined
  /** Inbound: from the test; outbound: from the app's make-call request. */
  #numbers: { from: string; to: string }

  constructor(
    readonly ctx: CallContext,
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
    const waiting = this.api.expectMakeCall(this, expectTo, this.ctx.triggerRecord)
    await this.ctx.startTrigger()
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
    // No callbackUrl (the guide calls it optional; rule make-call-callback-url): the number's configured URL, the flow's webhookPath.
    this.#target = request.callbackUrl ?? this.setup.webhookPath
    this.#correlationId = request.correlationId
    if (request.recordCallSeconds !== undefined) {
      this.ctx.note(`whole-call recording on (recordCallSeconds ${request.recordCallSeconds})`)
      this.#wholeCall = { seconds: request.recordCallSeconds }
    }
    this.#phase = 'dialing'
    this.#dialCallee(this.setup.callee, request.detectVoiceMail)
  }

  #dialCallee(behaviour: PartyBehaviour, detectVoiceMail: boolean): void {
    const { clock } = this.ctx
    if (behaviour === 'busy' || behaviour === 'no-answer') {
      const busy = behaviour === 'busy'
      clock.setTimer(busy ? BEHAVIOUR.busyAfterMs : BEHAVIOUR.noAnswerAfterMs, behaviour, async () => {
        if (this.#phase !== 'dialing') return
        this.ctx.end({ by: 'callee', reason: busy ? 'line busy' : 'no answer' })
        this.#phase = 'ended'
        this.#endedAt = this.ctx.clock.now()
        const cause = busy ? BEHAVIOUR.causes.busy : BEHAVIOUR.causes.noAnswer
        await this.#send('DROPPED', { status: 'FAILURE', error: cause })
      })
      return
    }
    clock.setTimer(BEHAVIOUR.outboundRingMs, 'callee answers', async () => {
      // Not once the call is over (the test ended or hung up while it rang): nothing comes after DROPPED.
      if (this.#phase !== 'dialing') return
      this.#phase = 'live'
      this.#answeredAt = clock.now()
      if (behaviour === 'voicemail') this.ctx.note('voicemail picks up')
      if (typeof behaviour === 'object') this.#calleeHangsUpAfter(behaviour.hangsUpAfterMs)
      this.#startWholeCallRecording()
      if (behaviour === 'voicemail' && detectVoiceMail) {
        const [min, max] = BEHAVIOUR.vmDetectAfterMs
        clock.setTimer(this.ctx.random.number.int({ min, max }), 'VMDETECTED', () => this.#voicemailDetected())
      }
      const { from, to } = this.numbers()
      await this.#send('ANSWERED', { callerId: from, dialedNumber: to, offeredTime: clock.iso(0), answeredTime: clock.iso() })
    })
  }

  /**
   * `recordCallSeconds` (Webex Connect's Make Call API reference): "> 0 → record this many seconds
   * after answer; 0 → record until call end". The file is listed by the recordings API once it
   * ends, as RECORD's are (the sample of Webex Connect's Get Call Recordings reference lists a
   * `call_…` file beside RECORD's `menu_…`). [inferred] The name (`call_<answer epoch
   * s>_<sessionId's first 8>_<n>.wav`, `n` in the call's one series of recordings), that it ends at
   * the call's end when that comes first, and that no event announces it (the docs name none):
   * audit-110 F2, the recordings API listed nothing for such a call.
   */
  #startWholeCallRecording(): void {
    const whole = this.#wholeCall
    if (!whole || whole.seconds <= 0) return
    whole.timer = this.ctx.clock.setTimer(whole.seconds * 1000, 'whole-call recording ends', () => this.#wholeCallRecorded())
  }

  #wholeCallRecorded(): void {
    const whole = this.#wholeCall
    if (!whole || whole.done || this.#answeredAt === undefined) return
    whole.done = true
    if (whole.timer) this.ctx.clock.clear(whole.timer)
    const { clock } = this.ctx
    const name = `call_${Math.floor((clock.epochMs + this.#answeredAt) / 1000)}_${this.sessionId.slice(0, 8)}_${this.nextRecordingNumber()}.wav`
    const durationSeconds = secs(clock.now() - this.#answeredAt)
    this.addRecording({ durationSeconds, url: `${BEHAVIOUR.recordingBaseUrl}/${name}` })
    this.ctx.note(`whole-call recording ${name} (${durationSeconds} s) ends: the recordings API lists it`)
  }

  #calleeHangsUpAfter(ms: number): void {
    // The called person hangs up when they mean to, whatever answer the app still holds (overHeldAnswer).
    this.ctx.clock.setTimer(ms, 'callee hangs up', () => this.#dropped('callee'), true)
  }

  /**
   * VMDETECTED (Webex Connect's VMDETECTED event). What plays goes on until the app's answer: an
   * action in reply cuts it ("prompt cut off: voicemail detected") and runs; an answer with no
   * action lets it play on (#noActionToVoicemail). [inferred] The docs say when VMDETECTED comes
   * and that PLAY is expected, not whether the platform stops the running action on detection.
   */
  async #voicemailDetected(): Promise<void> {
    if (this.#phase !== 'live') return
    const { from, to } = this.numbers()
    await this.#send('VMDETECTED', { callerId: from, dialedNumber: to, transactionId: this.ctx.uuid() })
  }

  listening(): Listening | undefined {
    return this.#phase === 'live' ? this.#media?.listening() : undefined
  }

  /**
   * The B-party of a patch whose legs are bridged: a step waiting for more then says the caller is
   * connected and how to end the test, not that the call is stuck (helper-125: a transfer test
   * ending in expectHangup() read "the call is stuck" for a correct app).
   */
  connectedTo(): string | undefined {
    const media = this.#media
    return this.#phase === 'live' && media instanceof Patch && media.bridged ? media.dialedNumber : undefined
  }

  async input(input: CallerInput): Promise<void> {
    if (input.kind === 'hangup') {
      this.ctx.caller(input.label)
      if (this.#phase === 'dialing' && input.cause === 'caller') return this.#declined()
      return this.#dropped(input.cause === 'network' ? 'network' : 'caller')
    }
    if (input.kind === 'digits') {
      return typeKeys(this.ctx, {
        ...input,
        promptEnd: this.#media?.promptEnd ?? 0,
        isOver: () => this.#phase === 'ended',
        press: (key) => (this.#media ? this.#media.key(key) : this.ctx.keyIgnored(key)),
      })
    }
    const m = this.#media
    const listens = m !== undefined && m.kind !== 'patch'
    const now = this.ctx.clock.now()
    const at = listens ? speechStartsAt(now, m.promptEnd, input.bargeIn) : now
    this.ctx.caller(input.label, at)
    if (!listens) return this.ctx.note('speech ignored: nothing is listening')
    await this.ctx.advanceTo(at)
    if (this.#media !== m) return this.ctx.note('speech ignored: the prompt it was meant for has ended')
    return m.speak(input.text, input.recognised)
  }

  // ── the webhook turn ─────────────────────────────────────────────────────────────────────

  /** Sends one event and executes the action the app answers with. */
  send(name: EventName, fields: Record<string, unknown>): Promise<void> {
    return this.#send(name, fields)
  }

  async #send(name: EventName, fields: Record<string, unknown>): Promise<void> {
    const event = this.#event(name, fields)
    // Read as it goes out: the answer is to that event. The B-party may leave while the app holds
    // the connect PATCHED's answer (its hang-up waits for no answer): that answer is still one to a
    // bridged PATCHED, not to the patch's end, which went out beside it with its own answer.
    const patch = name === 'PATCHED' && this.#media instanceof Patch && this.#media.bridged ? this.#media : undefined
    const exchange = await this.ctx.deliver({
      name: event.event,
      summary: summarizeEvent(event),
      body: event,
      target: this.#target,
      headers: this.setup.headers,
    })
    const { response } = exchange
    if (this.#phase === 'ended') return this.#afterEnd(name, exchange)
    const bridged = patch !== undefined
    // The docs list no reply to PATCHED: an empty 200, `{}` or `OK` is no action (carriesNoAction).
    if (name === 'PATCHED' && carriesNoAction(response)) return this.#noActionToPatched(fields, patch, exchange)
    // The docs expect PLAY after VMDETECTED, not what no action does: an acknowledgement is no action (rule reply-to-vmdetected).
    if (name === 'VMDETECTED' && carriesNoAction(response)) return this.#noActionToVoicemail(exchange)
    // Every other event is answered with one action (Webex Connect's voice events docs): an answer
    // with none the platform can read is rule no-action-answer. (HTML too names none, but readJson
    // says what it is: an error page, more often than not; an object with keys but no `action`,
    // `{"type": "ANSWER"}`, tries to be one: action-schema says what was meant.)
    if (carriesNoAction(response) && !response.body.trimStart().startsWith('<') && !hasKeys(response.body)) return this.#noAction(name, exchange)
    const raw = readJson(response, { event: name, expected: NO_ACTION.expected, ...this.#noActionOutcome() }, exchange.request)
    if (response.status !== 200) this.#checkStatus(name, exchange)
    const action = readAction(this.ctx, raw, name, exchange, this.options.legacyPlayInput === true)
    // The B-party left while the app held this answer: the PATCHED that said so went out then. [inferred]
    if (name === 'PATCHED' && patch && this.#media !== patch) return this.#actionAfterBridgeLeft(patch, action.action, exchange)
    this.#checkSequence(name, action.action, bridged, exchange)
    if (bridged && (action.action === 'HANGUP' || action.action === 'REJECT')) this.#hangUpOnConnect(patch, action.action, exchange)
    // The app's next action replaces what was playing when the machine was detected. [inferred]
    if (name === 'VMDETECTED') this.#stopMedia('voicemail detected')
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
   * A HANGUP or REJECT in reply to the PATCHED that says the B-party answered. That event is
   * callspec's reading (the docs do not say whether one or two PATCHED are sent, and their one
   * example is the patch's end): an app that ends the call on "the" PATCHED, as that example reads,
   * cuts the caller off as the bridge connects. The hang-up runs as asked; the warning says so
   * (rule webex-connect/patched-on-connect, inferred).
   */
  #hangUpOnConnect(patch: Patch, action: 'HANGUP' | 'REJECT', exchange: Exchange): void {
    const problem =
      `the app answered the PATCHED that says ${patch.dialedNumber} answered (ConnectedOn, no droppedBy) with ${action}, which ends the call as the bridge connects. ` +
      "That Webex Connect sends a PATCHED on connect is callspec's reading: the docs do not say whether one or two are sent, and their only PATCHED example is the patch's end " +
      "(droppedBy, recordingFileName). To end the call when the patch ends, act on the PATCHED that carries droppedBy and answer this one with an empty 200; to test under the one-PATCHED reading, set vendor: { patchedEvents: 'end' }"
    this.#enforce('webex-connect/patched-on-connect', problem, exchange, action)
  }

  /**
   * An answer to PATCHED that carries no action (an empty 200, `{}`, `OK`). [inferred] While the
   * patch is bridged it is the expected answer: nothing to do until someone leaves (a body is noted,
   * so a misspelt `action` key shows in the transcript). Once the patch has ended or failed, the
   * caller is left with nothing playing (rule webex-connect/reply-after-patch).
   */
  #noActionToPatched(fields: Record<string, unknown>, patch: Patch | undefined, exchange: Exchange): void {
    const body = exchange.response.body.trim().replace(/\s+/g, ' ')
    const quoted = escapeControls(body.length > 40 ? `${body.slice(0, 40)}…` : body)
    // The B-party left while the app held this answer: the PATCHED that said so went out then, and
    // its own answer runs. This one, to the connect event, asks for nothing. [inferred]
    if (patch && this.#media !== patch) return this.ctx.note(`the app's answer to the PATCHED that bridged ${patch.dialedNumber} came after they left, and names no action: nothing changes`)
    if (patch) return body === '' ? undefined : this.ctx.note(`PATCHED answered with ${quoted}, which names no action: the legs stay bridged`)
    const answered = body === '' ? 'an empty body' : `a body that names no action (${quoted})`
    const problem = `the app answered PATCHED with ${answered} after the patch ${fields.status === 'FAILURE' ? 'failed' : 'ended'}: with no action the caller is left in silence (answer with PLAY, RECORD, PATCH or HANGUP)`
    this.#enforce('webex-connect/reply-after-patch', problem, exchange, false)
    this.ctx.note('PATCHED answered with no action: the caller hears nothing')
  }

  /**
   * An action in the answer to the PATCHED that reported a bridge, come after the dialled party left
   * (the app held it on work of its own; the PATCHED that ended the bridge went out beside it, and
   * its own answer ran). [inferred] The docs do not say what becomes of such an answer. Each webhook
   * is answered with the next action for the call as the event reported it, and that bridge is gone:
   * the platform most plausibly drops the answer, as it does one after the call ended. Not run,
   * then, with a warning (rule webex-connect/answer-after-bridge-left, inferred: strict fails it).
   * Measured before (audit h170): the late action ran as a reply to a bridged PATCHED, warned "while
   * the patch is bridged" though the bridge had ended, and cut off what the app had answered the
   * agent's leaving with (a late HANGUP hung the caller up 1 s into "The agent has left.").
   */
  #actionAfterBridgeLeft(patch: Patch, action: Action['action'], exchange: Exchange): void {
    const problem =
      `the app answered the PATCHED that bridged ${patch.dialedNumber} with ${action} after they had left, and after the PATCHED that said so went out: ` +
      `the bridge it answered is gone, so callspec runs no action from it (act in the answer to the PATCHED that ends the bridge, droppedBy)`
    this.#enforce('webex-connect/answer-after-bridge-left', problem, exchange, action)
    this.ctx.note(`the app's answer to the PATCHED that bridged ${patch.dialedNumber} came after they left: its ${action} is not run`)
  }

  /**
   * An answer to VMDETECTED that carries no action (an empty 200, `{}`, `OK`: carriesNoAction).
   * [inferred] The docs expect PLAY (to leave a message) and callspec takes a hang-up too; what the
   * platform does with no action is not documented (neither the actions Webex Connect's docs allow
   * after each event nor its voice events docs, which leave an invalid answer undocumented, say).
   * callspec lets the call carry on as it was: what was playing plays on (its PLAYED comes as
   * usual), or nothing plays. A warning, rule webex-connect/reply-to-vmdetected.
   */
  #noActionToVoicemail(exchange: Exchange): void {
    const body = exchange.response.body.trim().replace(/\s+/g, ' ')
    const quoted = escapeControls(body.length > 40 ? `${body.slice(0, 40)}…` : body)
    const answered = body === '' ? 'an empty body' : `a body that names no action (${quoted})`
    const playing = this.#media !== undefined
    const problem = `the app answered VMDETECTED with ${answered}: the docs expect PLAY (to leave a message), not what the platform does with no action; callspec lets the call carry on, ${playing ? 'and what was playing plays on' : 'with nothing playing'} (answer with PLAY, or HANGUP)`
    this.#enforce('webex-connect/reply-to-vmdetected', problem, exchange, false)
    this.ctx.note(`VMDETECTED answered with no action: ${playing ? 'what was playing plays on' : 'nothing plays'}`)
  }

  /**
   * A 2xx answer that names no action (an empty 200, `OK`, `{}`, `"OK"`: carriesNoAction, with no
   * key at all: an object with keys but no `action` is read by action-schema, which says what was
   * meant) to an event the docs answer with one (Webex Connect's voice events docs: "All these
   * actions have to include 200 OK"). Rule webex-connect/no-action-answer, fixed: the documented
   * part is the action the answer must carry; what the platform does without one is not documented,
   * and the message says callspec's inference (the call drops, so it fails here). The same rule and
   * wording as an answer readJson cannot read at all (HTML, broken JSON, a non-2xx): one rule for
   * "no action the platform can read".
   */
  #noAction(name: EventName, exchange: Exchange): never {
    const body = exchange.response.body.trim().replace(/\s+/g, ' ')
    const quoted = escapeControls(body.length > 40 ? `${body.slice(0, 40)}…` : body)
    const answered = body === '' ? 'an empty body' : `a body that names no action (${quoted})`
    const problem = `the app answered ${name} with ${answered}; the platform expects ${NO_ACTION.expected}.`
    const rule = NO_ACTION.rule
    const { tag, source } = this.ctx.rules.breach(rule)!
    const issue = { path: '', message: problem, received: JSON.stringify(quoted), rule, level: 'error' as const, tag, source }
    const { outcome, sourceLine } = this.#noActionOutcome()
    throw new VendorPayloadError(`${problem} ${outcome}\n${sourceLine}\n${describeExchange(exchange.request, exchange.response)}`, [issue])
  }

  /**
   * What follows an answer with no action, and whose word it is: the sentence after every
   * no-action-answer failure, ending with the rule's id, and the rule's source for a line of its own.
   */
  #noActionOutcome(): { outcome: string; sourceLine: string } {
    const { tag, sourceLine } = this.ctx.rules.breach(NO_ACTION.rule)!
    return { outcome: `${NO_ACTION.outcome} (${tag}).`, sourceLine }
  }

  /**
   * Answers to events sent once the call is over are not executed. Whatever the app answers is
   * fine (an acknowledgement, `{}`, an error page) except a real action to DROPPED, which breaks
   * the rule that nothing follows the end of the call.
   */
  #afterEnd(name: EventName, exchange: Exchange): void {
    const { response } = exchange
    if (!isOk(response.status)) {
      const problem = `the app answered ${name} with HTTP ${response.status}: the call is over, so the platform ignores it, but ${response.status === 404 ? `a 404 means the app has no route for ${name} (is webhookPath right?)` : `the app did not take the event${errorPageInline(response)}`}`
      if (this.ctx.breaks('webex-connect/final-callback-answered', problem)) {
        throw new VendorPayloadError(`${ruleFailure('Webex Connect', this.ctx.rules, 'webex-connect/final-callback-answered', problem)}\n${describeExchange(exchange.request, response)}`, [])
      }
      return
    }
    let raw: unknown
    try {
      raw = response.body.trim() === '' ? undefined : JSON.parse(response.body)
    } catch {
      return
    }
    // An empty or non-object answer (the usual one) is no action: not worth a failed parse's error object.
    if (typeof raw !== 'object' || raw === null) return
    const action = ActionSchema.safeParse(raw)
    if (!action.success) return
    if (name === 'DROPPED') this.#checkSequence(name, action.data.action, false, exchange)
    this.ctx.note(`the app answered ${name} with ${action.data.action}: ignored, the call is over`)
  }

  /** An action comes with 200 OK (documented); readJson has already failed anything outside 2xx. */
  #checkStatus(name: EventName, exchange: Exchange): void {
    const { status } = exchange.response
    const problem = `the app answered ${name} with HTTP ${status}; Webex Connect's docs require 200 OK with the action${status === 201 ? ' (a NestJS POST handler answers 201 unless told @HttpCode(200))' : ''}`
    this.#enforce('webex-connect/answer-status-200', problem, exchange, false)
  }

  /** Which action may answer which event: an error fails the turn, a warning lets the action run. */
  #checkSequence(name: EventName, action: Action['action'], bridged: boolean, exchange: Exchange): void {
    const problem = sequencingProblem(name, action, bridged)
    if (!problem) return
    this.#enforce(sequencingRule(name, action, bridged), problem, exchange, action)
  }

  /**
   * A broken rule at 'error' fails the turn with the exchange; at 'warn' it is noted and the call
   * goes on. A rule callspec inferred says so first (ruleFailure), never as the vendor's verdict.
   */
  #enforce(rule: string, problem: string, exchange: Exchange, action: Action['action'] | false): void {
    if (!this.ctx.breaks(rule, problem)) return
    const { tag, source } = this.ctx.rules.breach(rule)!
    // The action the issue is about, as received: a Webex action in the wrong place, not another platform's answer.
    const issues = action ? [{ path: 'action', message: problem, received: JSON.stringify(action), rule, level: 'error' as const, tag, source }] : []
    throw new VendorPayloadError(`${ruleFailure('Webex Connect', this.ctx.rules, rule, problem)}\n${describeExchange(exchange.request, exchange.response)}`, issues)
  }

  #event(name: EventName, fields: Record<string, unknown>): Event {
    const failed = fields.status === 'FAILURE' && name !== 'DROPPED' && this.options.failureEvent === 'FAILURE'
    // The literal FAILURE event (Webex Connect's failed-action events) only behind the switch; the
    // default keeps the action's own name.
    const event: Envelope & Record<string, unknown> = { event: failed ? 'FAILURE' : name, eventTime: this.ctx.clock.iso(), sessionId: this.sessionId }
    if (this.#correlationId !== undefined) event.correlationId = this.#correlationId
    // Key by key: object spread was a hot spot in profiles.
    for (const key in fields) event[key] = fields[key]
    return event as unknown as Event
  }

  async #execute(action: Action): Promise<void> {
    // A media action in reply to ACCEPTED (allowed at warn, rule answer-before-media): the guide
    // lists it for a new inbound call, so the platform answers the call to run it. No ANSWERED is
    // sent: the app's answer to it would be a second action for the same moment. [inferred]
    if (this.#phase === 'offered' && (action.action === 'PLAY' || action.action === 'RECORD' || action.action === 'PATCH')) {
      this.ctx.note(`${action.action} in reply to ACCEPTED: the call is answered to run it`)
      this.#phase = 'live'
      this.#answeredAt = this.ctx.clock.now()
    }
    switch (action.action) {
      case 'ANSWER':
        this.ctx.clock.setTimer(BEHAVIOUR.answerDelayMs, 'ANSWERED', async () => {
          if (this.#phase !== 'offered') return
          this.#phase = 'live'
          this.#answeredAt = this.ctx.clock.now()
          const { from, to } = this.numbers()
          await this.#send('ANSWERED', { callerId: from, dialedNumber: to, offeredTime: this.ctx.clock.iso(this.#offeredAt), answeredTime: this.ctx.clock.iso() })
        })
        return
      case 'HANGUP':
      case 'REJECT': {
        const rejected = this.#phase === 'offered'
        this.#stopMedia('the app hung up')
        this.#phase = 'ended'
        this.#endedAt = this.ctx.clock.now()
        this.ctx.end({ by: 'app', reason: `${action.action}${action.reason ? ` (${action.reason})` : ''}` })
        this.#wholeCallRecorded()
        if (!BEHAVIOUR.dropAfterAppHangup) return
        const cause = rejected ? BEHAVIOUR.causes.appReject : BEHAVIOUR.causes.appHangup
        const droppedBy = this.setup.parties.direction === 'inbound' ? 'CALLEE' : 'CALLER'
        this.ctx.clock.setTimer(0, 'DROPPED', () => this.#send('DROPPED', { status: 'SUCCESS', droppedBy, error: cause }))
        return
      }
      case 'PLAY':
        this.#endBridge(action.action)
        this.#media = new Play(this, action)
        return
      case 'RECORD':
        this.#endBridge(action.action)
        this.#media = new Recording(this, action)
        return
      case 'PATCH':
        this.#endBridge(action.action)
        this.#media = new Patch(this, action)
        return
    }
  }

  /**
   * A media action in reply to PATCHED while the legs are bridged (allowed at warn, rule
   * replies-while-bridged) takes the caller's leg: the bridge ends first and the other party is
   * released, with no PATCHED of its own (as the app's HANGUP ends one). [inferred] The docs list
   * no reply to PATCHED; a leg plays or bridges one thing at a time. Audit h130 F3: the bridge ran
   * on under the PLAY, and its end sent a PATCHED into the PLAY, whose own result never came.
   */
  #endBridge(next: Action['action']): void {
    const media = this.#media
    if (!(media instanceof Patch) || !media.bridged) return
    this.#stopMedia(`${next} replaces the bridge`)
    this.ctx.note(`the bridge to ${media.dialedNumber} ends: ${next} takes the caller's leg, and ${media.dialedNumber} is released (no PATCHED: the app's action ended it)`)
  }

  // ── ends ─────────────────────────────────────────────────────────────────────────────────

  /**
   * The person an outbound call dials rejects the ringing phone (`.hangUp()` before answering): a
   * busy line, DROPPED FAILURE with the busy cause, as `answeredBy('busy')` ends (audit-112 F3, as
   * on 8x8 and EnableX). [inferred] The docs list causes, not which a rejection gives. The test's own
   * end while it still rings stays callspec's clean-up (#dropped).
   */
  async #declined(): Promise<void> {
    this.#phase = 'ended'
    this.#endedAt = this.ctx.clock.now()
    this.ctx.end({ by: 'caller', reason: DECLINED_WHILE_RINGING })
    await this.#send('DROPPED', { status: 'FAILURE', error: BEHAVIOUR.causes.busy })
  }

  /**
   * The caller (or the network, or the called person) ends the call: DROPPED (Webex Connect's
   * DROPPED event).
   */
  async #dropped(by: 'caller' | 'network' | 'callee'): Promise<void> {
    if (this.#phase === 'ended') return
    const media = this.#media
    this.#stopMedia(by === 'network' ? 'the line dropped' : 'hung up')
    this.#phase = 'ended'
    this.#endedAt = this.ctx.clock.now()
    this.ctx.end({ by, reason: by === 'network' ? 'network drop' : by === 'caller' ? 'caller hung up' : 'the called person hung up', ...(by === 'callee' ? { answered: true as const } : {}) })
    await media?.afterDrop?.()
    this.#wholeCallRecorded()
    // `caller` is the person the test plays: the CALLER of an inbound call, the dialled CALLEE of an
    // outbound one. `callee` is only ever an outbound call's dialled person (answeredBy's
    // hangsUpAfterMs): the same CALLEE (audit-110: it was sent as CALLER, where .hangUp() by the same
    // person said CALLEE).
    const inbound = this.setup.parties.direction === 'inbound'
    const droppedBy = by === 'caller' && inbound ? 'CALLER' : 'CALLEE'
    if (by === 'network') await this.#send('DROPPED', { status: 'FAILURE', error: BEHAVIOUR.causes.network })
    else await this.#send('DROPPED', { status: 'SUCCESS', droppedBy, error: BEHAVIOUR.causes.callerHangup })
  }

  /** Stops whatever plays, noting how much of each prompt the caller heard. */
  #stopMedia(why: string): void {
    this.#media?.stop(why)
  }

  // ── what media actions use (Leg) ─────────────────────────────────────────────────────────

  numbers(): { from: string; to: string } {
    return this.#numbers
  }

  party(number: string): PartyBehaviour {
    return this.setup.party(number)
  }

  release(media: Media): void {
    if (this.#media === media) this.#media = undefined
  }

  nextRecordingNumber(): number {
    return this.#recordings.length + 1
  }

  addRecording(recording: { durationSeconds: number; url: string }): void {
    this.#recordings.push(recording)
  }

  // ── REST API view (Webex Connect's Get Call Status reference; Webex Connect's Get Call Recordings reference) ───

  status(): Record<string, unknown> {
    const { clock } = this.ctx
    const status = this.#phase === 'dialing' || this.#phase === 'offered' ? 'QUEUED' : this.#phase === 'live' ? 'ANSWERED' : this.#answeredAt === undefined ? 'FAILED' : 'COMPLETED'
    const { from, to } = this.numbers()
    return {
      sessionId: this.sessionId,
      callerId: from,
      dialedNumber: to,
      status,
      offeredTime: clock.iso(this.#offeredAt),
      ...(this.#answeredAt !== undefined ? { answeredTime: clock.iso(this.#answeredAt) } : {}),
      // "Time of current status": when the call entered it, not when the app asked (the docs'
      // sample: status ANSWERED, statusTime equal to answeredTime; audit h179).
      statusTime: clock.iso(this.#endedAt ?? this.#answeredAt ?? this.#offeredAt),
      durationSeconds: this.#answeredAt === undefined ? 0 : secs((this.#endedAt ?? clock.now()) - this.#answeredAt),
      ...(this.#correlationId ? { correlationId: this.#correlationId } : {}),
    }
  }

  recordings() {
    return [...this.#recordings]
  }

  recordApi(request: ApiRequest, answer: ApiResponse, rule?: string): void {
    recordApi(this.ctx, request, answer, undefined, undefined, rule)
  }

  note(text: string): void {
    this.ctx.note(text)
  }

  isoNow(): string {
    return this.ctx.clock.iso()
  }

  newId(): string {
    return this.ctx.uuid()
  }

  get rules(): RuleBook {
    return this.ctx.rules
  }

  warnIssues(issues: readonly ValidationIssue[], context: string): void {
    this.ctx.warnIssues(issues, context)
  }

  dispose(): void {
    this.#unregister?.()
  }
}

const isOk = (status: number) => status >= 200 && status < 300

/** Whether a body is a JSON object with at least one key (`{"type": "ANSWER"}`), not `{}`. */
function hasKeys(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null && Object.keys(value).length > 0
  } catch {
    return false
  }
}

/** Rule webex-connect/no-action-answer: what the docs expect, and what callspec infers follows an answer without it. */
const NO_ACTION = {
  rule: 'webex-connect/no-action-answer',
  expected: 'one JSON action object',
  outcome: "The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here",
} as const
