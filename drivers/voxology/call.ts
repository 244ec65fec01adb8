import type {
  ApiRequest,
  ApiResponse,
  CallContext,
  CallerInput,
  CallSetup,
  Listening,
  PlatformCall,
  Prompt,
  Timer,
  WireRequest,
  WireResponse,
} from '../../src/driver/index.js'
import { CallspecError, VendorPayloadError, describeExchange, formatIssues, readJson, cutShort, recordApi, recordHeard, typeKeys } from '../../src/driver/index.js'
import { BEHAVIOUR, type VoxologyOptions } from './behaviour.js'
import { locationFields, numberInfo, summarizeCallback, toQuery, withQuery } from './callback.js'
import { evaluate, showValue, type Read } from './expression/evaluate.js'
import { printExpression } from './expression/parse.js'
import { renderTemplate } from './expression/template.js'
import { callerSpeechMs, promptsOf, schedule, type Scheduled } from './media.js'
import { Program } from './program.js'
import type { ApiCallHandle, VoxologyApi } from './rest-api.js'
import type { Action, CallbackRequest, CallLog, CollectAction, DialAction, IfAction, KeyPress, Recording } from './schemas.js'
import { checkScript } from './script.js'
import { describeCollect, summarizeAction } from './summaries.js'

/** What is playing, listening or connected on the caller's line right now. */
type Media =
  | { kind: 'prompt'; items: Scheduled[]; promptEnd: number; timer?: Timer }
  | {
      kind: 'collect'
      action: CollectAction
      items: Scheduled[]
      promptEnd: number
      timer?: Timer
      digits: string
      maxDigits?: number
      finishKey?: string
      timeoutMs: number
    }
  | { kind: 'record'; name?: string; startedAt: number; timer?: Timer }
  | { kind: 'bridge'; what: string; timer?: Timer }

type Phase = 'dialing' | 'live' | 'ended'
type CallbackKind = keyof typeof BEHAVIOUR.callbackTypes
type Method = 'GET' | 'POST'
type Exchange = { request: WireRequest; response: WireResponse }

/**
 * One Voxology call (§5): a callback asks the app for a script, and the platform runs the whole
 * script itself (prompts, DTMF, IF/GOTO, session data) on the virtual clock, until it ends, a
 * REDIRECT points elsewhere, or the call ends; then the next callback goes out.
 */
export class VoxologyCall implements PlatformCall, ApiCallHandle {
  readonly callId: string
  readonly options: VoxologyOptions
  readonly #appId: string
  readonly #account: string
  #phase: Phase = 'dialing'
  #media: Media | undefined
  #program: Program | undefined
  /** The number's callback URL (the flow's webhook path) and method. */
  readonly #configured: string
  readonly #method: Method
  /** Remote party and our Voxology number; outbound: from the app's make-call request. */
  #remote: string
  #ours: string
  #sessionData: Record<string, unknown> | null = null
  /** `$keyPresses`: the digits of the call's most recent COLLECT. */
  #keyPresses = ''
  /** Results since the last callback: what the next callback reports. */
  #keyPressesOut: KeyPress[] = []
  #recordingsOut: Recording[] = []
  #answeredAt: number | undefined
  #endedAt: number | undefined
  #endStatus: string = BEHAVIOUR.status.completed
  #hangupEnd: string | null = null
  #detection: string = BEHAVIOUR.detection.person
  /** Consecutive callbacks sent without virtual time passing in between. */
  #stalls = 0
  #lastCallbackAt = -1
  #unregister: (() => void) | undefined

  constructor(
    private readonly ctx: CallContext,
    private readonly setup: CallSetup<VoxologyOptions>,
    private readonly api: VoxologyApi | undefined,
  ) {
    this.options = setup.vendor ?? {}
    this.callId = ctx.uuid()
    this.#appId = this.options.appId ?? ctx.uuid()
    this.#account = `${ctx.random.string.numeric(4)}-${ctx.random.string.numeric(5)}`
    this.#configured = setup.webhookPath
    this.#method = this.options.callbackMethod ?? BEHAVIOUR.callbackMethod
    const inbound = setup.parties.direction === 'inbound'
    this.#remote = inbound ? setup.parties.from : setup.parties.to
    this.#ours = inbound ? setup.parties.to : setup.parties.from
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    this.#unregister = this.api?.register(this)
    if (this.setup.parties.direction === 'inbound') {
      this.#phase = 'live'
      this.#answeredAt = 0
      return this.#callback('first', this.#configured, this.#method)
    }
    await this.#placeOutbound()
  }

  async #placeOutbound(): Promise<void> {
    if (!this.api) throw new CallspecError('an outbound Voxology call needs the fake REST API (the api option).')
    const expectTo = this.setup.dialled
    const waiting = this.api.expectMakeCall(this, expectTo)
    this.ctx.startTrigger()
    const claim = await this.ctx.waitForApp(waiting.claimed, "the app's make-call request (POST /v1/Dials/Connect)").finally(() => waiting.cancel())
    await this.ctx.awaitTrigger()
    const { request } = claim
    if (expectTo && request.call.no !== expectTo) {
      throw new CallspecError(`the app dialled ${request.call.no}, but the test expects toNumber('${expectTo}').`)
    }
    this.#remote = request.call.no
    this.#ours = request.call.caller_id_no
    this.ctx.setParties({ from: this.#ours, to: this.#remote })
    if (request.session_data) this.#sessionData = { ...request.session_data }
    const { clock } = this.ctx
    const callee = this.setup.callee
    const fail = (status: string, reason: string) => () => {
      this.#endStatus = status
      this.#end('callee', reason)
    }
    if (callee === 'busy') {
      clock.setTimer(BEHAVIOUR.busyAfterMs, 'busy', fail(BEHAVIOUR.status.busy, 'line busy'))
      return
    }
    if (callee === 'no-answer') {
      const ringMs = (request.timeout ?? BEHAVIOUR.ringTimeoutS) * 1000
      clock.setTimer(ringMs, 'no answer', fail(BEHAVIOUR.status.noAnswer, `no answer within ${ringMs / 1000} s`))
      return
    }
    clock.setTimer(BEHAVIOUR.outboundRingMs, 'callee answers', async () => {
      if (this.#phase !== 'dialing') return
      this.#phase = 'live'
      this.#answeredAt = clock.now()
      if (callee === 'voicemail') {
        this.#detection = BEHAVIOUR.detection.machine
        this.ctx.note('voicemail picks up')
      }
      if (typeof callee === 'object') {
        clock.setTimer(callee.hangsUpAfterMs, 'callee hangs up', () => this.#end('callee', 'the called person hung up'))
      }
      if (request.max_call_time !== undefined) {
        clock.setTimer(request.max_call_time, 'max_call_time', () => this.#end('platform', `max_call_time ${request.max_call_time} ms reached`))
      }
      await this.#callback('first', this.#configured, this.#method)
    })
  }

  listening(): Listening | undefined {
    const m = this.#media
    if (!m || this.#phase !== 'live') return undefined
    if (m.kind === 'collect') {
      const bits = [m.maxDigits && `max ${m.maxDigits}`, m.finishKey && `${m.finishKey} ends`, `${m.timeoutMs / 1000} s timeout`]
      const name = m.action.name ? ` "${m.action.name}"` : ''
      return { digits: true, speech: false, describe: `digits for COLLECT${name} (${bits.filter(Boolean).join(', ')})` }
    }
    if (m.kind === 'record') return { digits: true, speech: true, describe: 'a RECORD (speech, or any key to stop)' }
    return undefined
  }

  async input(input: CallerInput): Promise<void> {
    if (input.kind === 'hangup') {
      this.ctx.caller(input.label)
      return this.#end(input.cause === 'network' ? 'network' : 'caller', input.cause === 'network' ? 'network drop' : 'caller hung up')
    }
    if (input.kind === 'digits') return this.#pressDigits(input.digits, input.bargeIn, input.gapMs, input.label)
    return this.#speak(input.text, input.label)
  }

  // ── the callback loop (§2, §5) ───────────────────────────────────────────────────────────

  /** Later callbacks go out from a timer, so the transcript's order never depends on who is awaiting what. */
  #schedule(kind: CallbackKind, target: string, method: Method): void {
    this.ctx.clock.setTimer(0, `${BEHAVIOUR.callbackTypes[kind]} callback`, () => this.#callback(kind, target, method))
  }

  /** Sends one callback; while the call is live, reads the script it answers with and runs it. */
  async #callback(kind: CallbackKind, target: string, method: Method): Promise<void> {
    const final = kind === 'final'
    // A callback is scheduled only while the call is live: if the caller hung up since, the
    // request is already on its way (the app sees it), but its answer is not run.
    if (!final && this.#phase === 'live') this.#checkProgress()
    const payload = this.#payload(kind)
    this.#keyPressesOut = []
    this.#recordingsOut = []
    const exchange = await this.ctx.deliver({
      name: payload.type,
      summary: summarizeCallback(payload, method, target),
      body: payload,
      method,
      target: method === 'GET' ? withQuery(target, toQuery(payload)) : target,
      headers: this.setup.headers,
    })
    if (final || this.#phase !== 'live') return this.#afterEnd(payload.type, exchange)
    const what = `the ${payload.type} callback`
    const raw = readJson(exchange.response, { event: what, expected: 'a JSON script {"actions": [...]}' }, exchange.request)
    const checked = checkScript(raw, { requireCollectNames: this.options.requireCollectNames ?? true })
    if (!checked.ok) {
      throw new VendorPayloadError(
        `the app's answer to ${what} is not a valid Voxology script:\n${formatIssues(checked.issues)}\n${describeExchange(exchange.request, exchange.response)}`,
        checked.issues,
      )
    }
    this.#program = new Program(checked.script)
    this.#run()
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

  /** The answer to a callback sent once the call is over (the final one expects no body, §2): never run. */
  #afterEnd(type: string, exchange: Exchange): void {
    const { response } = exchange
    if (response.status < 200 || response.status > 299) {
      return this.ctx.note(`the app answered the ${type} callback with HTTP ${response.status} (ignored: the call is over)`)
    }
    const body = response.body.trim()
    if (body === '') return
    try {
      const actions = (JSON.parse(body) as { actions?: unknown }).actions
      if (Array.isArray(actions) && actions.length > 0) {
        this.ctx.note(`the app answered the ${type} callback with ${actions.length} action(s): not run, the call is over (this callback expects no body)`)
      }
    } catch {
      // Any body is fine after the end: nobody reads it.
    }
  }

  #payload(kind: CallbackKind): CallbackRequest {
    const { clock } = this.ctx
    const now = this.#endedAt ?? clock.now()
    const final = kind === 'final'
    return {
      type: BEHAVIOUR.callbackTypes[kind],
      app_id: this.#appId,
      subaccount_id: '0',
      call_id: this.callId,
      start_time: clock.iso(0),
      ...(final ? { end_time: clock.iso(now) } : {}),
      direction: this.setup.parties.direction,
      duration: now,
      status: final ? this.#endStatus : BEHAVIOUR.status.live,
      detection: this.#answeredAt === undefined ? BEHAVIOUR.detection.unknown : this.#detection,
      caller_no: this.#remote,
      ...locationFields('caller_no', numberInfo(this.#remote, this.options.numberInfo)),
      api_no: this.#ours,
      ...locationFields('api_no', numberInfo(this.#ours, this.options.numberInfo)),
      key_presses: this.#keyPressesOut,
      recordings: this.#recordingsOut,
      custom_data: this.options.customData ?? null,
      session_data: this.#sessionData,
      sip_domain: BEHAVIOUR.sipDomain(this.#account),
    }
  }

  // ── the interpreter (§3, §5) ─────────────────────────────────────────────────────────────

  /**
   * Executes actions until one has to wait (a prompt, a COLLECT, a conference…), the script
   * hands over (REDIRECT, HANGUP) or runs out. Whatever waits resumes here from a timer or from
   * the caller's input.
   */
  #run(): void {
    const program = this.#program
    while (program && this.#program === program && this.#phase === 'live') {
      const step = program.next()
      if (!step) {
        this.#program = undefined
        this.#schedule('scriptEnd', this.#configured, this.#method)
        return
      }
      if (++program.executed > BEHAVIOUR.maxActionsPerScript) throw loopError(program, step.path)
      if (!this.#execute(program, step.action, step.path)) return
    }
  }

  /** One action. True: go straight on to the next; false: something will resume the script later. */
  #execute(program: Program, action: Action, path: string): boolean {
    switch (action.type) {
      case 'LABEL':
        this.#control(action, action.name)
        return true
      case 'GOTO':
        program.goto(action.params.label)
        this.#control(action, `→ ${action.params.label}`)
        return true
      case 'IF':
        return this.#if(program, action, path)
      case 'SESSIONDATA':
        this.#sessionData = { ...this.#sessionData, ...action.session_data }
        this.#control(action, `${JSON.stringify(action.session_data)} → session_data ${JSON.stringify(this.#sessionData)}`)
        return true
      case 'SAY': {
        const spoken = this.#render(action.params.text)
        const prompts = promptsOf({ kind: 'speech', text: spoken }, action.params.loop)
        this.#record(action, summarizeAction(action, spoken), prompts)
        this.#play(prompts)
        return false
      }
      case 'PLAY': {
        const prompts = promptsOf({ kind: 'audio', text: action.params.url }, action.params.loop)
        this.#record(action, summarizeAction(action), prompts)
        this.#play(prompts)
        return false
      }
      case 'COLLECT':
        this.#collect(action)
        return false
      case 'CONFERENCE': {
        this.#record(action, summarizeAction(action), [])
        const name = action.params.name
        const stay = this.options.conferenceMs?.[name] ?? BEHAVIOUR.conferenceMs
        this.ctx.note(`the caller joins conference "${name}" (stays ${stay / 1000} s: vendor.conferenceMs)`)
        this.#wait(`conference "${name}"`, stay, `the caller leaves conference "${name}"`)
        return false
      }
      case 'DIAL':
        this.#dial(action)
        return false
      case 'RECORD': {
        this.#record(action, summarizeAction(action), [])
        const media: Media = { kind: 'record', name: action.name, startedAt: this.ctx.clock.now() }
        media.timer = this.ctx.clock.setTimer(BEHAVIOUR.recordMaxMs, 'RECORD limit', () => this.#recorded(media))
        this.#media = media
        return false
      }
      case 'QUEUE':
      case 'DETECT':
        this.#record(action, summarizeAction(action), [])
        this.ctx.note(`${action.type} is not simulated: Voxology names it but documents no parameters; the script goes on with the next action`)
        return true
      case 'REDIRECT': {
        this.#record(action, summarizeAction(action), [])
        this.#program = undefined
        this.#schedule('redirect', action.params.url, action.params.method ?? BEHAVIOUR.redirectMethod)
        return false
      }
      case 'HANGUP':
        this.#record(action, '', [], true)
        this.#end('app', 'HANGUP')
        return false
    }
  }

  /** The platform's own branch: the transcript says which branch ran, and the values it saw. */
  #if(program: Program, action: IfAction, path: string): boolean {
    const expr = program.checked.conditions.get(action)!
    const { value, reads } = evaluate(expr, this.#variables())
    const branch = value ? 'then' : action.orElse ? 'orElse' : 'nothing (no orElse)'
    const grouped = printExpression(expr)
    // Spell out the grouping only where precedence added some: `a && b || c` → `(a && b) || c`.
    const parens = (text: string) => text.split('(').length
    const shown = parens(grouped) > parens(action.condition) ? ` (read as ${grouped})` : ''
    this.#control(action, `${action.condition}${shown} is ${value ? 'true' : 'false'} → ${branch}; ${describeReads(reads)}`)
    if (value) program.enter(action.then, `${path}.then`)
    else if (action.orElse) program.enter(action.orElse, `${path}.orElse`)
    return true
  }

  /** Control flow and data are the platform's own doing: notes, unless the test asked to expect them. */
  #control(action: Action, summary: string): void {
    if (this.options.queueControlFlow) this.#record(action, summary, [])
    else this.ctx.note(`${action.type} ${summary}`)
  }

  #record(action: Action, summary: string, prompts: Prompt[], endsCall = false): void {
    this.ctx.action({ name: action.type, raw: action, source: 'response', summary, prompts, endsCall })
  }

  #variables(): Record<string, unknown> {
    const callTime = this.#answeredAt === undefined ? 0 : this.ctx.clock.now() - this.#answeredAt
    return { keyPresses: this.#keyPresses, sessionData: this.#sessionData, callTime }
  }

  #render(text: string): string {
    const { text: spoken, missing } = renderTemplate(text, this.#variables())
    if (missing.length) this.ctx.note(`${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} undefined: spoken as ${JSON.stringify(BEHAVIOUR.missingTemplateValue)}`)
    return spoken
  }

  // ── prompts and COLLECT (§3.2–§3.4) ──────────────────────────────────────────────────────

  #play(prompts: Prompt[]): void {
    const items = schedule(prompts, this.ctx.clock.now(), this.options.audioDurationsMs)
    const media: Media = { kind: 'prompt', items, promptEnd: items.at(-1)!.end }
    media.timer = this.ctx.clock.setTimer(media.promptEnd - this.ctx.clock.now(), 'prompt ends', () => this.#resume(media))
    this.#media = media
  }

  #collect(action: CollectAction): void {
    const prompts = (action.actions ?? []).flatMap((p) =>
      p.type === 'SAY' ? promptsOf({ kind: 'speech', text: this.#render(p.params.text) }, p.params.loop) : promptsOf({ kind: 'audio', text: p.params.url }, p.params.loop),
    )
    this.#record(action, describeCollect(action), prompts)
    const now = this.ctx.clock.now()
    const items = schedule(prompts, now, this.options.audioDurationsMs)
    const key = action.params?.finish_on_key ?? BEHAVIOUR.defaultFinishKey
    const media: Media & { kind: 'collect' } = {
      kind: 'collect',
      action,
      items,
      promptEnd: items.at(-1)?.end ?? now,
      digits: '',
      maxDigits: action.params?.num_digits,
      finishKey: key === undefined ? undefined : (BEHAVIOUR.finishKeyWords[key] ?? key),
      timeoutMs: action.params?.timeout ?? BEHAVIOUR.collectTimeoutMs,
    }
    media.timer = this.ctx.clock.setTimer(media.promptEnd + media.timeoutMs - now, 'COLLECT timeout', () => this.#collected(media))
    this.#media = media
  }

  #collected(media: Media & { kind: 'collect' }, terminator?: string): void {
    this.#endMedia(media)
    const digits = media.digits
    this.#keyPresses = digits
    this.#keyPressesOut.push(media.action.name ? { name: media.action.name, digits } : { digits })
    const how = terminator ? `ended by ${terminator}` : media.maxDigits && digits.length >= media.maxDigits ? `${digits.length} digit(s)` : 'timeout'
    this.ctx.note(`COLLECT${media.action.name ? ` "${media.action.name}"` : ''} → $keyPresses = ${JSON.stringify(digits)} (${how})`)
    this.#run()
  }

  #pressDigits(digits: string, bargeIn: boolean, gapMs: number, label: string): Promise<void> {
    const m = this.#media
    return typeKeys(this.ctx, {
      digits,
      bargeIn,
      gapMs,
      label,
      promptEnd: m && (m.kind === 'prompt' || m.kind === 'collect') ? m.promptEnd : this.ctx.clock.now(),
      isOver: () => this.#phase === 'ended',
      press: (key) => this.#key(key),
    })
  }

  #key(key: string): void {
    const m = this.#media
    const now = this.ctx.clock.now()
    if (m?.kind === 'collect') {
      // A key during the prompts stops them (barge-in); the timeout then counts from the key.
      if (now < m.promptEnd) m.promptEnd = now
      if (m.finishKey !== undefined && key === m.finishKey) return this.#collected(m, key)
      m.digits += key
      if (m.maxDigits !== undefined && m.digits.length >= m.maxDigits) return this.#collected(m)
      this.ctx.clock.clear(m.timer)
      m.timer = this.ctx.clock.setTimer(m.timeoutMs, 'COLLECT timeout', () => this.#collected(m))
      return
    }
    if (m?.kind === 'record') return this.#recorded(m, key)
    this.ctx.note(`key ${key} ignored: nothing is collecting digits`)
  }

  async #speak(text: string, label: string): Promise<void> {
    this.ctx.caller(label)
    const m = this.#media
    if (m?.kind !== 'record') return this.ctx.note('speech ignored: Voxology listens for keys only (COLLECT)')
    await this.ctx.advanceTo(this.ctx.clock.now() + callerSpeechMs(text))
    if (this.#media === m) this.ctx.note(`${JSON.stringify(text)} goes into the recording`)
  }

  // ── CONFERENCE, DIAL, RECORD (§3.5, §3.11) ───────────────────────────────────────────────

  /** The caller is busy elsewhere for `ms` (undefined: until the caller hangs up); then the script goes on. */
  #wait(what: string, ms: number | undefined, after: string): void {
    const media: Media = { kind: 'bridge', what }
    if (ms !== undefined) {
      media.timer = this.ctx.clock.setTimer(ms, after, () => {
        this.ctx.note(after)
        this.#resume(media)
      })
    }
    this.#media = media
  }

  #dial(action: DialAction): void {
    this.#record(action, summarizeAction(action), [])
    this.ctx.note('DIAL is simulated on an inferred shape (params.no, caller_id_no, timeout in s): its parameters are not documented publicly')
    if (action.session_data) this.#sessionData = { ...this.#sessionData, ...action.session_data }
    const no = action.params.no
    const behaviour = this.setup.party(no)
    if (behaviour === 'busy') return this.#wait(`DIAL ${no}`, BEHAVIOUR.busyAfterMs, `${no} is busy: the script goes on`)
    if (behaviour === 'no-answer') {
      const ringMs = (action.params.timeout ?? BEHAVIOUR.ringTimeoutS) * 1000
      return this.#wait(`DIAL ${no}`, ringMs, `${no} did not answer within ${ringMs / 1000} s: the script goes on`)
    }
    const media: Media = { kind: 'bridge', what: `DIAL ${no}` }
    media.timer = this.ctx.clock.setTimer(BEHAVIOUR.dialRingMs, `${no} answers`, () => {
      this.ctx.note(`${behaviour === 'voicemail' ? `the voicemail of ${no}` : no} answered: the caller is connected`)
      if (typeof behaviour === 'object') this.#wait(`DIAL ${no}`, behaviour.hangsUpAfterMs, `${no} hung up: the script goes on`)
      else this.#wait(`DIAL ${no}`, undefined, '')
    })
    this.#media = media
  }

  #recorded(media: Media & { kind: 'record' }, key?: string): void {
    this.#endMedia(media)
    const id = this.ctx.random.string.alphanumeric({ length: 12, casing: 'upper' })
    this.#recordingsOut.push(media.name ? { name: media.name, id } : { id })
    const secs = ((this.ctx.clock.now() - media.startedAt) / 1000).toFixed(1)
    this.ctx.note(`RECORD${media.name ? ` "${media.name}"` : ''} → recording ${id}, ${secs} s${key ? ` (key ${key} stopped it)` : ''}`)
    this.#run()
  }

  /** A media action finished on its own: on with the script. */
  #resume(media: Media): void {
    if (this.#media !== media) return
    this.#endMedia(media)
    this.#run()
  }

  // ── ends ─────────────────────────────────────────────────────────────────────────────────

  /** The call is over (§5.4, §5.6): what was running is abandoned, and the final callback goes out. */
  #end(by: 'app' | 'caller' | 'callee' | 'network' | 'platform', reason: string): void {
    if (this.#phase === 'ended') return
    const wasLive = this.#phase === 'live'
    const recording = this.#media?.kind === 'record' ? this.#media : undefined
    this.#stopMedia(by === 'app' ? 'the app hung up' : 'the call ended')
    // A recording in progress is kept and reported in the final callback. [inferred]
    if (recording) this.#recordingsOut.push({ ...(recording.name ? { name: recording.name } : {}), id: this.ctx.random.string.alphanumeric({ length: 12, casing: 'upper' }) })
    this.#program = undefined
    this.#phase = 'ended'
    this.#endedAt = this.ctx.clock.now()
    this.#hangupEnd = by === 'app' ? 'api' : by === 'platform' ? 'system' : by === 'callee' && !wasLive ? null : by === 'network' ? 'network' : 'caller'
    this.ctx.end({ by, reason })
    this.#schedule('final', this.#configured, this.#method)
  }

  #stopMedia(why: string): void {
    const m = this.#media
    if (!m) return
    if (m.kind === 'prompt' || m.kind === 'collect') cutShort(this.ctx, m, why)
    this.#endMedia(m)
  }

  /** Stops a media action and writes down what the caller heard of it. */
  #endMedia(m: Media): void {
    this.ctx.clock.clear(m.timer)
    if (this.#media === m) this.#media = undefined
    if (m.kind !== 'prompt' && m.kind !== 'collect') return
    recordHeard(this.ctx, m.items, m.promptEnd)
    m.items = []
  }

  // ── REST API view (§1.2) ─────────────────────────────────────────────────────────────────

  log(): CallLog {
    const { clock } = this.ctx
    const end = this.#endedAt
    const duration = (end ?? clock.now()) - (this.#answeredAt ?? 0)
    const connected = this.#answeredAt === undefined ? 0 : Math.max(0, duration)
    return {
      id: this.callId,
      app_id: this.#appId,
      subaccount_id: 0,
      call_id: this.callId,
      caller_no: this.#remote,
      api_no: this.#ours,
      start_time: clock.iso(0),
      end_time: end === undefined ? null : clock.iso(end),
      type: 'voice',
      direction: this.setup.parties.direction,
      hangup_end: this.#hangupEnd,
      duration: end ?? clock.now(),
      status: end === undefined ? BEHAVIOUR.status.live : this.#endStatus,
      detection: this.#answeredAt === undefined ? BEHAVIOUR.detection.unknown : this.#detection,
      error: null,
      connect_time_billed: Math.ceil(connected / 6000) / 10,
      connect_time_sec: Math.round(connected / 1000),
      origin_api: 'CallFlows',
      charge: { total: Math.round(Math.ceil(connected / 60000) * 0.015 * 10000) / 10000 },
      service: 'programmable_voice',
    }
  }

  recordApi(request: ApiRequest, answer: ApiResponse): void {
    recordApi(this.ctx, request, answer)
  }

  dispose(): void {
    this.#unregister?.()
  }
}

/** `$keyPresses = "1", $sessionData.age = 34`: the values an IF saw. */
function describeReads(reads: readonly Read[]): string {
  if (reads.length === 0) return 'no variables read'
  return `saw ${reads.map((r) => `${r.text} = ${showValue(r.value)}`).join(', ')}`
}

/** An endless GOTO loop is the app's bug: say so, with the loop's labels, rather than hang. */
function loopError(program: Program, path: string): VendorPayloadError {
  const labels = program.loopLabels()
  const loop = labels.length ? `it keeps jumping through LABEL ${labels.join(' → ')}` : 'no GOTO was taken'
  const message =
    `the app's script never ends: it executed ${BEHAVIOUR.maxActionsPerScript} actions (BEHAVIOUR.maxActionsPerScript) without finishing, and ${loop}. ` +
    `A GOTO loop needs a way out: a COLLECT the caller answers, an IF that leaves it, a REDIRECT or a HANGUP.`
  return new VendorPayloadError(message, [{ path, message }])
}
