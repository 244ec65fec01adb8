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
import { CallspecError, DECLINED_WHILE_RINGING, bodyEncoding, encodedBodyShown, notJsonSaid, queryInsteadOfBody, VendorPayloadError, answeredLike, formatIssues, isWaitTimeout, typeKeys } from '../../src/driver/index.js'
import { BEHAVIOUR, type EnableXOptions } from './behaviour.js'
import { recordAction, recordAnswer, runCommand, refusedByApi, type CallControl, type Phase } from './commands.js'
import { Events, plain } from './events.js'
import { describeLastEvent } from './last-event.js'
import { inferredOnly } from '../../src/validation/inferred-lead.js'
import { printableBody } from '../../src/utils/printable-body.js'
import { Bridge } from './media/bridge.js'
import { Play } from './media/play.js'
import { Recordings } from './media/recordings.js'
import { awaitMakeCall, dialCallee, type Dialling } from './outbound.js'
import type { ErrorContext } from './error-answers.js'
import { CALL_ROUTES, EnableXApi, type ApiCallHandle, type CallRoute, type Command } from './rest-api.js'
import type { PlacedMakeCall, PlayRequest } from './schemas.js'
import type { EnableXRuleId } from './rules.js'

/** Events that report only the progress of the app's own command while bridged: nothing in them asks the app to act (EnableXCall.idle). */
const PROGRESS_ONLY: ReadonlySet<string> = new Set(['bridged', 'started', 'hold', 'unhold'])

/** How long an app that answered as another platform's apps do gets to send its first REST request (real ms; see EnableXCall #shortWait). */
const FOREIGN_ANSWER_WAIT_MS = 500

/**
 * One EnableX call. The app drives it with REST commands (the fake API hands them to
 * `command()`, which answers synchronously and schedules the consequences on the virtual clock);
 * the call posts events to the app's event URL from timers, `start()` and `input()` only. What
 * plays, bridges or records is in media/; each command's checks and answers are in commands.ts;
 * the callee's side of an outbound call is in outbound.ts.
 */
export class EnableXCall implements PlatformCall, ApiCallHandle, CallControl, Dialling {
  readonly voiceId: string
  readonly options: EnableXOptions
  readonly recordings: Recordings
  #phase: Phase = 'incoming'
  #play: Play | undefined
  /** The app's last play request and the event it answered: what a key press found not listening (notListening). */
  #lastPlay: { request: PlayRequest; turn: number | undefined } | undefined
  #bridge: Bridge | undefined
  #autoRecord = false
  #connectedAt: number | undefined
  readonly #events: Events
  #numbers: { from: string; to: string }
  #fatal: unknown
  #release: Array<() => void> = []
  /** What made the platform accept the incoming call itself (rule enablex/accept-first), if it did. */
  #platformAccepted: string | undefined
  /** The make-call put the callee in a video room (action_on_connect.room): the call goes on there. */
  #inRoom = false

  constructor(
    readonly ctx: CallContext,
    private readonly setup: CallSetup<EnableXOptions>,
    private readonly api: EnableXApi | undefined,
  ) {
    this.voiceId = ctx.uuid()
    this.options = setup.vendor ?? {}
    this.recordings = new Recordings(this)
    this.#events = new Events(ctx, this.voiceId, this.options, setup.headers, setup.webhookPath, () => this.#phase === 'ended')
    this.#numbers = { from: plain(setup.parties.from), to: plain(setup.parties.to) }
    if (this.options.encrypt && !this.options.appId) {
      throw new CallspecError("vendor.encrypt needs vendor.appId: EnableX encrypts events with the project APP_ID (EnableX's Secure Webhooks guide).")
    }
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    this.#release.push(EnableXApi.register(this))
    if (this.setup.parties.direction === 'outbound') return this.#placeOutbound()
    const greeting = this.options.inboundGreeting
    if (this.options.autoAccept || greeting) this.answered()
    const { from, to } = this.#numbers
    await this.#events.post({ state: 'incomingcall', from, to, channel_id: this.ctx.uuid() })
    // The portal's greeting: the platform's own prompt, not an app action; its playfinished tells the app it is over.
    if (greeting && this.#phase === 'connected' && !this.#play) {
      this.ctx.note('the number\'s greeting plays (vendor.inboundGreeting: the portal-configured action_on_connect)')
      this.startPlay(greeting)
    } else if (greeting && this.#phase === 'connected') {
      // Never dropped unsaid (audit h127: an app playing its menu on incomingcall lost the greeting
      // with no trace). Said where the caller would have heard it, with the sources' disagreement.
      this.ctx.note(
        "the number's greeting (vendor.inboundGreeting) did not play: the app's play on incomingcall came first. callspec plays the greeting after incomingcall, as EnableX's inbound sample expects (it waits for the greeting's playfinished); EnableX's docs say it plays before the webhook fires",
      )
    }
  }

  async #placeOutbound(): Promise<void> {
    this.#phase = 'dialing'
    await awaitMakeCall(this.ctx, this, this.setup.dialled)
  }

  /**
   * The fake API handed this call the app's make-call request (EnableX's Voice API Routes, Make
   * Call).
   */
  placed(request: PlacedMakeCall): ApiResponse {
    this.#numbers = { from: request.from, to: request.to }
    this.ctx.setParties({ from: request.from, to: request.to })
    this.#events.target = request.event_url
    this.#events.fromMakeCall = true
    const onConnect = request.action_on_connect
    this.#inRoom = onConnect !== undefined && 'room' in onConnect && onConnect.room.room_id.trim() !== ''
    this.#events.ownerRef = request.owner_ref
    this.#autoRecord = request.auto_record === true
    recordAction(this.ctx, 'make-call', request)
    if (request.event_url === undefined) this.ctx.note("the make-call has no event_url: EnableX posts this call's events nowhere, and hangs up once nothing is left to run")
    const answer: ApiResponse = {
      status: 200,
      body: { voice_id: this.voiceId, state: 'initiated', from: request.from, to: request.to, ...(request.owner_ref !== undefined ? { owner_ref: request.owner_ref } : {}), timestamp: this.ctx.clock.iso() },
    }
    dialCallee(this, this.setup.callee, request.action_on_connect, this.#numbers)
    return answer
  }

  /** Connected from now: the app accepted, the platform did (autoAccept), or the callee picked up. */
  answered(): void {
    this.#phase = 'connected'
    this.#connectedAt = this.ctx.clock.now()
    this.#hangUpIfUnheard()
  }

  acceptedByPlatform(route: string): void {
    this.#platformAccepted = `${route} (turn ${this.ctx.turn})`
    this.answered()
  }

  get platformAccepted(): string | undefined {
    return this.#platformAccepted
  }

  errorContext(): ErrorContext {
    const { from, to } = this.parties()
    return { voiceId: this.voiceId, from, to, timestamp: this.ctx.clock.iso() }
  }

  /**
   * A make-call with no event_url (rule enablex/make-call-without-event-url, inferred): the app
   * hears of nothing on this call, so nothing it could do follows an event. Once the call is up and
   * nothing runs on it (its action_on_connect played, a bridge ended; none at all), the platform
   * hangs up, as the most plausible end of a fire-and-forget message: EnableX documents "event_url
   * | yes for outbound events" (EnableX's Voice API Routes, Make Call), and nothing of a call
   * without one. A video room (action_on_connect.room) goes on until a party leaves. Checked again
   * when the timer fires: the app may have acted meanwhile (a play on the voice_id the make-call
   * answer gave it).
   */
  #hangUpIfUnheard(): void {
    const idle = () => this.#events.target === undefined && this.#phase === 'connected' && !this.#play && !this.#bridge && !this.#inRoom
    if (!idle()) return
    this.ctx.clock.setTimer(0, 'nothing left to run', async () => {
      if (!idle()) return
      this.#phase = 'ended'
      this.ctx.end({ by: 'platform', reason: 'no event_url and nothing left to run (action_on_connect done)' })
      await this.#sendDisconnected(BEHAVIOUR.reasons.normal)
    })
  }

  /** The B-party of a bridge that answered: a step waiting for more then says the call goes on until one of them hangs up. */
  connectedTo(): string | undefined {
    const bridge = this.#bridge
    if (this.#phase !== 'connected' || !bridge?.bridged) return undefined
    return bridge.to.startsWith('+') || bridge.to.startsWith('sip') ? bridge.to : `+${bridge.to}`
  }

  listening(): Listening | undefined {
    if (this.#phase !== 'connected') return undefined
    return this.#play?.listening() ?? this.#bridge?.listening()
  }

  /**
   * A play gathers keys only with `dtmf: true`, speech only with `asr: true` (EnableX's API
   * reference, Play); without them the prompt plays and ends with `playfinished`. A newcomer's menu
   * without `dtmf` failed a pressDigits() step as an app that ignored `playfinished` (audit h199).
   */
  notListening(want: 'digits' | 'speech'): string | undefined {
    const last = this.#lastPlay
    if (this.#phase !== 'connected' || this.#bridge || !last) return undefined
    const field = want === 'digits' ? 'dtmf' : 'asr'
    if (last.request[field] === true) return undefined
    const which = `the last play${last.turn !== undefined ? ` (after turn ${last.turn})` : ''}${last.request.prompt_ref !== undefined ? ` "${String(last.request.prompt_ref)}"` : ''}`
    const then = want === 'digits' ? 'digitcollected or menutimeout' : 'recognized, unrecognized or timeout'
    return `${which} had no ${field}: true, and an EnableX play listens for ${want === 'digits' ? 'keys' : 'speech'} only with it (its ${then} event follows); without it the prompt plays, playfinished goes out, and nothing listens. Send ${field}: true in the menu's play`
  }

  async input(input: CallerInput): Promise<void> {
    this.#throwFatal()
    if (input.kind === 'hangup') {
      // The caller hangs up after what the platform had due at this instant (the `connected` an
      // accept scheduled, a recording's `started`): those events happened first, and went out first.
      await this.ctx.advanceTo(this.ctx.clock.now())
      this.#throwFatal()
      if (this.#phase === 'ended') return
      this.ctx.caller(input.label)
      if (input.cause === 'network') return this.disconnect('network', BEHAVIOUR.reasons.network, 'network drop')
      // The person dialled rejects the ringing phone (`.hangUp()` before the outbound call is
      // answered): User Busy, as a busy line, not the Normal Clearing of a call that was talking
      // (audit-112 F3). [inferred] The docs name only these two reasons. The test's own end, while
      // it still rings, stays callspec's clean-up: Normal Clearing.
      if (this.#phase === 'dialing' && input.cause === 'caller') return this.disconnect('caller', BEHAVIOUR.reasons.busy, DECLINED_WHILE_RINGING)
      return this.disconnect('caller', BEHAVIOUR.reasons.normal, 'caller hung up')
    }
    const p = this.#play
    if (input.kind === 'digits') {
      return typeKeys(this.ctx, {
        digits: input.digits,
        bargeIn: input.bargeIn,
        gapMs: input.gapMs,
        label: input.label,
        promptEnd: p?.playingUntil ?? 0,
        isOver: () => this.#phase === 'ended',
        press: (key) => this.#key(key),
      })
    }
    if (!p?.takesSpeech) {
      this.ctx.caller(input.label)
      return this.ctx.note('speech ignored: no play with asr is listening')
    }
    return p.speak(input.text, input.recognised, input.bargeIn, input.label)
  }

  /** A key goes to the play's DTMF menu, else to the bridge (`dtmfcollected`). */
  async #key(key: string): Promise<void> {
    const p = this.#play
    if (p?.takesDigits) return p.key(key)
    const b = this.#bridge
    if (b?.bridged) return b.key(key)
    this.ctx.keyIgnored(key)
  }

  /**
   * Before a timer fires, when the app's clock is unknown (an app by URL, no agent): requests the
   * app is still sending arrive first. With the app's clock known, the core waits on that instead.
   */
  async settle(): Promise<void> {
    this.#throwFatal()
    await EnableXApi.settle(this.ctx.limits.appTimeoutMs)
    this.#throwFatal()
  }

  /** The REST request that does `action` on this call, for a step that waited for it in vain. */
  requestFor(action: string): string | undefined {
    // Another platform's app (the failure asks whether `platform` is right), or a ringing call
    // (waitingOnApp names its accept already): an EnableX request would only mislead or repeat.
    if (this.#answeredAsAnotherPlatform() || (action === 'accept' && this.#phase === 'incoming')) return undefined
    const call = `/voice/v1/call/${this.voiceId}`
    if (action === 'hangup') return `DELETE ${call}`
    return Object.hasOwn(CALL_ROUTES, action) ? `${CALL_ROUTES[action as CallRoute].join(' or ')} ${call}/${action}` : undefined
  }

  /** The usual first mistake: the call rings until the app accepts it, which nothing else does. */
  waitingOnApp(): string | undefined {
    if (this.#phase !== 'incoming' || this.setup.dialled) return undefined
    const ringing = `The call is still ringing: an inbound call waits for the app's PUT /voice/v1/call/${this.voiceId}/accept`
    // An app that answered like another platform's (the failure asks whether platform is right),
    // or read no event's body (the failure says so), is not one of EnableX's older apps that
    // expect calls to arrive connected. Asked on a failure only.
    if (this.ctx.firstAnswerLike?.() || this.ctx.readNoBody?.()) return `${ringing}.`
    return `${ringing} (or set vendor: { autoAccept: true } for the older behaviour, where calls arrive connected).`
  }

  /**
   * A shorter wait for the app's first REST request when it answered the first event with another
   * platform's action (`{"action":"ANSWER"}`: Driver.answersLike) and has sent EnableX nothing: an
   * app of that platform never will, and the failure asks whether `platform` is right (newcomer
   * audit N5: 3.5 s of real time first). An EnableX app that answers with some body and then calls
   * the API sends its request at once, well within it; any other answer keeps the whole wait.
   */
  #shortWait(): { ms: number; why: string } | undefined {
    if (this.#phase !== 'incoming' || this.setup.dialled || !this.#answeredAsAnotherPlatform()) return undefined
    const like = this.ctx.firstAnswerLike?.()
    return like ? { ms: FOREIGN_ANSWER_WAIT_MS, why: `the app answered the first event with ${/^[aeiou8]/i.test(like) ? 'an' : 'a'} ${like} action, and has called no EnableX route` } : undefined
  }

  /** The app answered the last event the way another platform's app answers (an action EnableX ignores). */
  #answeredAsAnotherPlatform(): boolean {
    const answer = this.#events.lastAnswer
    return answer !== undefined && answeredLike(answer, 'enablex') !== undefined
  }

  /** Nothing scheduled: the app's next REST request is the only thing that can move the call. */
  async idle(awaitsAction = false): Promise<boolean> {
    this.#throwFatal()
    if (this.#phase === 'ended') return false
    // A make-call with no event_url: the app hears of nothing, so no request of its can be waited for.
    if (this.#events.target === undefined) return false
    const next = EnableXApi.nextRequest()
    try {
      await this.ctx.waitForApp(next.arrived, `the app's next REST request to EnableX after the ${this.#events.last}`, this.#shortWait())
    } catch (error) {
      // The caller talks to a party who answered, and the last event only reported the progress of
      // what the app asked for (`bridged`, a recording `started`, `hold` / `unhold`):
      // with nothing of the app's to come, the call goes on until one of them hangs up, as on every
      // platform. False lets the step say so (the party, and .staySilent(ms) or .hangUp() to end
      // there), as a Webex Connect PATCH's does, rather than blame the app for a request it had no
      // reason to send (newcomer audit helper-180: `.say()` on a bridged call read "an app that
      // checks another field or spelling ignores it"). After an event the app may have missed
      // (`dtmfcollected`: keys pressed in the bridge), that event's body and fields stay the hint.
      // Not for a step that awaits an action of the app's (expectAction('recording') after `bridged`,
      // the docs' voicemail box): the app was to act on that event, and the event is the hint; "use
      // .staySilent(ms) instead of this step" told a test of an app that missed it to drop the step.
      if (!awaitsAction && error instanceof Error && isWaitTimeout(error) && this.connectedTo() !== undefined && PROGRESS_ONLY.has(this.#events.lastSent?.name ?? '') && this.#refusal?.turn !== this.#events.lastSent?.turn) return false
      // Nothing came, and nothing was refused: the app ignored the last event, or never meant to act on it.
      // An app that read no event's body ignored none for its field or spelling, and accepts no
      // call it cannot name: the hint that says so (transport/app-signs.ts) is the one that fits.
      const refusal = this.#refusal
      if (error instanceof Error && isWaitTimeout(error) && refusal && refusal.turn === this.#events.lastSent?.turn) {
        // The app did act on the last event, and EnableX refused it (listed above): what the refused
        // request needs is the hint, not the event's fields (audit-76 M2: a 406 for voice "Female" (now read as "female") was
        // followed by "an app that checks another field or spelling ignores it").
        error.message += `\nThe app acted on the last event (turn ${refusal.turn}), and EnableX refused it${refusal.advice ? `: ${refusal.advice}` : ' (above)'}.`
      } else if (error instanceof Error && isWaitTimeout(error) && this.#answeredAsAnotherPlatform()) {
        // An app of another platform answers the event with its action and never calls EnableX's
        // API: the failure's first-turn hint asks whether \`platform\` is right (dsl/first-turn-hint.ts),
        // and an EnableX app's guesses (field spelling, autoAccept) would only mislead (newcomer audit-91).
      } else if (error instanceof Error && isWaitTimeout(error) && !this.ctx.readNoBody?.()) {
        // The usual first mistake: the call rings until the app accepts it, which nothing else does.
        const waiting = this.waitingOnApp()
        const unprefixed = EnableXApi.prefixMiss(this.voiceId)
        if (unprefixed) {
          error.message +=
            `\nThe app sent ${unprefixed}, without /voice/v1: EnableX's routes are under it (https://api.enablex.io/voice/v1/…). ` +
            "CALLSPEC_ENABLEX_API_URL and startPlatform().url are the fake API's origin only: the app's base URL is that followed by /voice/v1."
        }
        if (waiting) error.message += `\n${waiting}`
        error.message += describeLastEvent(this.#events.lastSent)
      }
      throw error
    } finally {
      next.cancel()
    }
    // The run loop lets the app finish (settle) before it moves time again.
    this.#throwFatal()
    return true
  }

  dispose(): void {
    for (const release of this.#release.splice(0)) release()
  }

  // ── REST commands (EnableX's Voice API Routes; commands.ts) ────────────────────────────────────

  command(command: Command, request: ApiRequest): ApiResponse {
    return runCommand(this, command, request)
  }

  get rules(): RuleBook {
    return this.ctx.rules
  }

  warnIssues(issues: readonly ValidationIssue[], context: string): void {
    this.ctx.warnIssues(issues, context)
  }

  stateError(message: string): void {
    this.#fail(new CallspecError(message))
  }

  /** The last request of the app's EnableX refused, on the turn of the event it followed, and what it needed. */
  #refusal: { turn: number | undefined; advice: string | undefined } | undefined

  refusedNow(advice: string | undefined): void {
    this.#refusal = { turn: this.#events.lastSent?.turn, advice }
  }

  refusedByApi(request: ApiRequest, answer: ApiResponse, advice: string): void {
    refusedByApi(this, request, answer, advice)
  }

  refused(request: ApiRequest, answer: ApiResponse, problem: string, issues?: ValidationIssue[], wording = '', rule?: EnableXRuleId): void {
    // Refused only by rules callspec inferred: the transcript's entry carries the rule (refusedBy), so a failure listing it says it is callspec's.
    recordAnswer(this, request, answer, undefined, inferredOnly(issues)?.[0])
    const encoding = bodyEncoding(request.headers)
    const body = !request.bodyText ? '(no body)' : encoding && notJsonSaid(request.bodyText) ? encodedBodyShown(encoding) : printableBody(request.bodyText)
    // The query too: fields sent there instead of in the body showed nowhere (queryInsteadOfBody).
    const query = queryInsteadOfBody(request, 'EnableX')
    const search = request.url.search.length > 200 ? `${request.url.search.slice(0, 200)}…` : request.url.search
    const wire = `Request: ${request.method} ${request.url.pathname}${search}\n${body}\nAnswer: HTTP ${answer.status} ${JSON.stringify(answer.body)}${wording}${query === undefined ? '' : `\n${query}`}`
    // A refusal by a rule of no issues (credentials, a body that is not JSON) names it, as every rule's failure does (h203).
    const cited = rule === undefined ? undefined : this.ctx.rules.breach(rule)
    const said = cited ? `${problem} (${cited.tag}).\n${cited.sourceLine}` : `${problem}.`
    this.#fail(issues ? new VendorPayloadError(`${problem}:\n${formatIssues(issues)}\n${wire}`, issues) : new CallspecError(`${said}\n${wire}`))
  }

  // ── what commands, media and dialling use (CallControl, Leg, Dialling) ───────────────────

  get phase(): Phase {
    return this.#phase
  }

  get direction(): 'inbound' | 'outbound' {
    return this.setup.parties.direction
  }

  get play(): Play | undefined {
    return this.#play
  }

  get bridge(): Bridge | undefined {
    return this.#bridge
  }

  /** Posts one event to the app's event URL (events.ts); its answer must be a 2xx. */
  send(fields: Record<string, unknown>): Promise<void> {
    return this.#events.post(fields)
  }

  parties(): { from: string; to: string } {
    return { from: plain(this.#numbers.from), to: plain(this.#numbers.to) }
  }

  party(number: string): PartyBehaviour {
    return this.setup.party(number.startsWith('+') || number.startsWith('sip') ? number : `+${number}`)
  }

  startPlay(play: PlayRequest): Play {
    this.#lastPlay = { request: play, turn: this.#events.lastSent?.turn }
    this.#play = new Play(this, play)
    return this.#play
  }

  startBridge(from: string, to: string): void {
    this.#play?.stop('the call is being bridged')
    this.#bridge = new Bridge(this, from, to)
  }

  release(media: Play | Bridge): void {
    if (this.#play === media) this.#play = undefined
    if (this.#bridge === media) this.#bridge = undefined
    this.#hangUpIfUnheard()
  }

  // ── ends ─────────────────────────────────────────────────────────────────────────────────

  /** EnableX's Voice API Routes, Hang up: the app hangs up (or rejects the incoming call). */
  hangUp(rejected: boolean): void {
    // Said only where a prompt is cut (Play.stop): a newcomer's goodbye play followed at once by
    // DELETE read "cut off (the app hung up)", and nothing said why it was not yet done (audit h199):
    // EnableX answers a play request as the prompt starts, and reports its end as playfinished.
    this.#stopEverything("the app hung up before the play's playfinished: a play request is answered as its prompt starts, so hang up on playfinished")
    this.#phase = 'ended'
    this.ctx.end({ by: 'app', reason: rejected ? 'rejected (DELETE before accept)' : 'DELETE /voice/v1/call/{voice_id}' })
    this.ctx.clock.setTimer(0, 'disconnected', () => this.#sendDisconnected(BEHAVIOUR.reasons.normal))
  }

  /**
   * The caller, the callee or the network ends the call: `disconnected` (EnableX's call progress
   * events).
   */
  async disconnect(by: 'caller' | 'callee' | 'network', reason: string, why: string): Promise<void> {
    if (this.#phase === 'ended') return
    this.#stopEverything(by === 'network' ? 'the line dropped' : 'hung up')
    this.#phase = 'ended'
    // A callee who had answered hung up (a person ended the call); busy or no answer never connected.
    this.ctx.end({ by, reason: why, ...(by === 'callee' && this.#connectedAt !== undefined ? { answered: true as const } : {}) })
    await this.#sendDisconnected(reason)
  }

  async #sendDisconnected(reason: string): Promise<void> {
    // A recording stopped by the end of the call is reported before the call's end.
    await this.recordings.reportStoppedByEnd()
    const recorded = this.recordings.atCallEnd(this.#autoRecord, this.#connectedAt)
    const { from, to } = this.parties()
    const event: Record<string, unknown> = { state: 'disconnected', from, to, disconnect_reason: reason }
    if (recorded) {
      event.recording_url = `${BEHAVIOUR.recordingBaseUrl}/${recorded.id}.wav`
      event.recording_duration = recorded.durationS
    }
    await this.send(event)
  }

  #stopEverything(why: string): void {
    this.#play?.stop(why)
    this.#bridge?.end(true)
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
