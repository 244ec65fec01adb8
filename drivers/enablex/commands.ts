import type { ApiRequest, ApiResponse, CallContext } from '../../src/driver/index.js'
import { recordApi } from '../../src/driver/index.js'
import type { PromptPlan } from './audio.js'
import type { Bridge } from './media/bridge.js'
import type { Play } from './media/play.js'
import type { Leg } from './media/types.js'
import { byInferredRule } from '../../src/validation/inferred-lead.js'
import { ERROR_ANSWERS, describeErrorAnswer, errorBody, type ErrorAnswer, type ErrorRoute } from './error-answers.js'
import { numberError, type Command } from './rest-api.js'
import type { ActionName, EnableXActions, PlayRequest } from './schemas.js'
import { summarizeAction } from './summaries.js'
import { unsupportedVoice } from './validate.js'
import { BEHAVIOUR } from './behaviour.js'
import { recordingIntent } from './recording-intent.js'

export type Phase = 'incoming' | 'dialing' | 'connected' | 'ended'

/** The call, as the app's REST commands see it. */
export interface CallControl extends Leg {
  readonly phase: Phase
  readonly direction: 'inbound' | 'outbound'
  readonly play: Play | undefined
  readonly bridge: Bridge | undefined
  /** The call is answered: it is connected from now. */
  answered(): void
  /**
   * The platform accepted the incoming call itself when the app's `route` came before any accept
   * (EnableX's older docs; rule enablex/accept-first): connected from now, with no accept action
   * and no `connected` event.
   */
  acceptedByPlatform(route: string): void
  /** What made the platform accept the call itself (`play at turn 1`), if it did. */
  readonly platformAccepted: string | undefined
  startPlay(play: PlayRequest): Play
  /** Bridges the caller to `to`, cutting the play in progress. */
  startBridge(from: string, to: string): void
  /** The app ends the call: everything stops, and `disconnected` follows. */
  hangUp(rejected: boolean): void
  /** A state error at level 'error': the flow fails at its next step. */
  stateError(message: string): void
  /** EnableX refused the app's request, with what it needs (`advice`), if callspec can say: a failure waiting on the app says it. */
  refusedNow(advice: string | undefined): void
}

/**
 * One REST command on the call (EnableX's Voice API Routes): the state checks with the vendor's
 * error answers, the action recorded, and the 200 answer. It answers at once; what follows is on
 * the virtual clock.
 */
export function runCommand(call: CallControl, command: Command, request: ApiRequest): ApiResponse {
  if (command.route === 'analyze') return recordAnswer(call, request, analyze(call))
  if (call.phase === 'ended') return refuse(call, request, command.route, ERROR_ANSWERS.callOver, undefined, undefined, { refused: 'the call is over, so callspec has nothing to run it on' })
  const body = command.body
  switch (command.route) {
    case 'accept':
      return accept(call, request)
    case 'play':
      return play(call, body as PlayRequest, request)
    case 'connect':
      return connect(call, body as EnableXActions['connect'], request)
    case 'transfer':
    case 'forward':
      return transfer(call, command.route, body as Record<string, string>, request)
    case 'hold':
      return hold(call, body as EnableXActions['hold'], request)
    case 'recording':
      return recording(call, body as EnableXActions['recording'], request)
    case 'hangup':
      return hangup(call)
  }
}

/** An accepted request: the app's action, in the transcript and for `expectAction`. */
export function recordAction<N extends ActionName>(ctx: CallContext, name: N, body: EnableXActions[N], prompts: PromptPlan[] = []): void {
  ctx.action({ name, raw: body, source: 'api', summary: summarizeAction(name, body), prompts: prompts.flatMap((p) => (p.prompt ? [p.prompt] : [])), endsCall: name === 'hangup' })
}

/**
 * A refused or read-only request: a transcript line with the vendor's answer, and `advice` (what
 * the app does instead) after it. The advice is callspec's, never in the body the app gets.
 */
export function recordAnswer(call: Pick<Leg, 'ctx' | 'voiceId'>, request: ApiRequest, answer: ApiResponse, advice?: string, rule?: string, whenOff?: string): ApiResponse {
  const body = answer.body as { result?: unknown; msg?: unknown } | undefined
  // The transcript prints the status: the body's result only where it says more (6114 for a 408).
  const code = body?.result === undefined || String(body.result) === String(answer.status) ? '' : `${String(body.result)} `
  const said = answer.status >= 400 && body ? `${code}${String(body.msg ?? '')}`.trim() : ''
  const summary = advice ? `${said} — ${advice}` : said
  recordApi(call.ctx, request, answer, summary, `${request.method} ${request.url.pathname.replace(call.voiceId, '{voice_id}')}`, rule, whenOff)
  return answer
}

/**
 * The vendor's error answer (error-answers.ts), recorded. Its body is the route's one error
 * envelope (`errorBody`: a play's carries the parties and `playstate: "failed"`, EnableX's Voice
 * API Routes, Play). The call goes on (the app gets the error, as from EnableX), and the test hears
 * of it under the answer's own rule: a documented error (enablex/error-answers) or one callspec
 * made up (enablex/undocumented-errors). A warning by default, a failure when strict. `problem`
 * replaces the usual `EnableX answered … with an error` line.
 *
 * `off`, for a refusal callspec made up: what the rule at 'off' does. The rule's level governs its
 * made-up refusal (docs/rules.md; audit h172 F10): where EnableX most plausibly takes the request
 * as a no-op (accept twice, hold with no bridge, stop with no recording), 'off' lets it through,
 * answered 200 (`accept`); where callspec has nothing to run it on, it stays refused, and the
 * failure that lists it says why (`refused`).
 */
function refuse(call: CallControl, request: ApiRequest, route: ErrorRoute, error: ErrorAnswer, advice?: string, problem?: string, off?: WhenOff): ApiResponse {
  if (off && 'accept' in off && call.ctx.rules.level(error.rule) === 'off') return off.accept()
  const whenOff = off === undefined ? undefined : 'accept' in off ? LET_THROUGH : `drops that rule's warning, not this refusal: ${off.refused}`
  const { from, to } = call.parties()
  const body = errorBody(route, { voiceId: call.voiceId, from, to, timestamp: call.ctx.clock.iso() }, error.result, error.msg)
  return judgeRefusal(call, request, { status: error.status, body }, error.rule, advice, problem, whenOff)
}

/**
 * A refusal's answer on the call: in the transcript (with `advice`, what the app does instead), in
 * what a failure waiting on the app says, and under its rule, a warning by default, a failure at
 * error. Shared by the refusals of a command (refuse) and of a request the fake API refused before
 * any command ran (refusedByApi).
 */
function judgeRefusal(call: CallControl, request: ApiRequest, answer: ApiResponse, rule: ErrorAnswer['rule'], advice: string | undefined, problem: string | undefined, whenOff: string | undefined, refusedByRule = true): ApiResponse {
  // `refusedByRule`: the refusal itself is the rule's (its transcript entry carries it: a failure listing it says whose it is).
  if (refusedByRule) recordAnswer(call, request, answer, advice, rule, whenOff)
  else recordAnswer(call, request, answer, advice)
  call.refusedNow(advice)
  // An error answer callspec made up (enablex/undocumented-errors) is said as callspec's, at warn as at error: never "EnableX answered".
  const inferred = call.ctx.rules.def(rule).evidence === 'inferred'
  const who = inferred ? 'callspec answered' : 'EnableX answered'
  const which = inferred ? 'an error EnableX does not document' : 'an error'
  const { result, msg } = answer.body as { result?: unknown; msg?: unknown }
  const said = problem ?? `${who} the app's ${requestLine(call, request)} with ${which}: ${describeErrorAnswer(answer.status, result, msg)}${advice ? ` — ${advice}` : ''}`
  if (!call.ctx.breaks(rule, said)) return answer
  const { tag, sourceLine } = call.ctx.rules.breach(rule)!
  // A problem given leads with the inference itself (refusedBeforeAccept); otherwise an inferred rule at error says it first.
  const headline = inferred && !problem ? `callspec failed the call ${byInferredRule('EnableX', call.ctx.rules, [rule])}: ${said} (${tag})` : `${said} (${tag})`
  call.stateError(`${headline}\n${sourceLine}`)
  return answer
}

/**
 * A request on a live call that the fake API refused before any command ran, with a status and msg
 * of callspec's (EnableX documents none): a route called with a method it does not take (`PUT
 * …/hold`, a POST route: 405), or a route EnableX does not have (`…/hodl`: 404). `advice`: what
 * the docs have instead, after the answer in the transcript. Before, these reached only the
 * list of what the fake API received, shown when a wait on the app failed: an app whose hold was
 * refused so and that played next passed a test expecting the play with no word, and failed one
 * expecting the hold as "expected action hold, got play", with nothing of the refusal. The warning
 * is rule enablex/undocumented-errors' (the answer is callspec's); at 'off' it stays refused.
 */
export function refusedByApi(call: CallControl, request: ApiRequest, answer: ApiResponse, advice: string): ApiResponse {
  // Refused whatever the rule says (EnableX documents no such request): only the answer's status and
  // msg are callspec's (ApiResponse.callspecs), so a failed wait says "callspec's fake API refused",
  // never "under a rule it inferred", as if EnableX might have taken the request.
  return judgeRefusal(call, request, answer, 'enablex/undocumented-errors', advice, undefined, undefined, false)
}

/** What rule enablex/undocumented-errors at 'off' does with a request callspec refuses at warn or error. */
type WhenOff = { accept: () => ApiResponse } | { refused: string }

const LET_THROUGH = 'lets it through: callspec answers it 200 and changes nothing, as EnableX most plausibly takes it'

/**
 * A request EnableX documents no answer for, taken as a no-op (rule enablex/undocumented-errors at
 * 'off'): the app's action, recorded, a note that nothing changed, and the 200.
 */
function noOp<N extends ActionName>(call: CallControl, name: N, body: EnableXActions[N], why: string, answer: () => ApiResponse): { accept: () => ApiResponse } {
  return {
    accept: () => {
      recordAction(call.ctx, name, body)
      call.ctx.note(`${name}: ${why}; EnableX documents no answer to it, and with rule enablex/undocumented-errors off callspec answers 200 and changes nothing`)
      return answer()
    },
  }
}

/** `PUT /voice/v1/call/{voice_id}/play`. */
const requestLine = (call: Pick<Leg, 'voiceId'>, request: ApiRequest) => `${request.method} ${request.url.pathname.replace(call.voiceId, '{voice_id}')}`

/** EnableX's Voice API Routes, Analyze: GET on the call. */
function analyze(call: CallControl): ApiResponse {
  const state = call.phase === 'ended' ? 'disconnected' : call.phase !== 'connected' ? 'In progress' : call.play ? 'IVR' : 'connected'
  const { from, to } = call.parties()
  return { status: 200, body: { voice_id: call.voiceId, state, direction: call.direction === 'inbound' ? 'Inbound' : 'Outbound', from, to, timestamp: call.ctx.clock.iso() } }
}

/**
 * What an accept on an outbound call is told: there is no incoming call to take, whatever its
 * phase. "Call is already connected" said so of one still ringing, while analyze said
 * "In progress" (helper-127 finding 7).
 */
const OUTBOUND_ACCEPT = 'accept takes an inbound call after its incomingcall event; an outbound call is connected when the callee answers (the connected event)'

/** EnableX's Voice API Routes, Accept: the app takes the incoming call; `connected` follows. */
function accept(call: CallControl, request: ApiRequest): ApiResponse {
  if (call.direction === 'outbound') return refuse(call, request, 'accept', ERROR_ANSWERS.notIncoming, OUTBOUND_ACCEPT, undefined, { refused: 'an outbound call has no incoming call to accept, and callspec does not guess what EnableX answers then' })
  if (call.phase !== 'incoming') {
    const by = call.platformAccepted
    const { from, to } = call.parties()
    const again = noOp(call, 'accept', {}, 'the call is already connected', () => ({ status: 200, body: { voice_id: call.voiceId, state: 'connected', from, to, timestamp: call.ctx.clock.iso() } }))
    return refuse(call, request, 'accept', ERROR_ANSWERS.alreadyConnected, by && `the platform accepted the call itself when the app's ${by} came before any accept (EnableX's older docs; rule enablex/accept-first)`, undefined, again)
  }
  call.answered()
  recordAction(call.ctx, 'accept', {})
  call.ctx.clock.setTimer(0, 'connected', () => {
    const { from, to } = call.parties()
    return call.send({ state: 'connected', from, to })
  })
  const { from, to } = call.parties()
  return { status: 200, body: { voice_id: call.voiceId, state: 'connected', from, to, timestamp: call.ctx.clock.iso() } }
}

/**
 * What a play or connect refused on an incoming call still ringing is missing (rule
 * enablex/accept-first at error): the accept of the newer docs (EnableX's Voice API Routes,
 * Accept), or `vendor.autoAccept`, the older behaviour, where it arrives connected. The 409 itself
 * is callspec's; the advice cites the docs for the accept only. Callspec's words, in the transcript
 * and the failure, never in the body.
 */
const ACCEPT_FIRST =
  "an incoming call is accepted first (PUT /voice/v1/call/{voice_id}/accept, as EnableX's newer docs say; its older docs have the platform accept it itself: vendor.autoAccept)"

/**
 * A play or connect on an inbound call the app has not accepted (rule enablex/accept-first,
 * inferred). EnableX's sources disagree: its older docs have the platform accept every inbound call
 * itself and play the configured greeting before invoking the webhook; its newer docs (the Voice
 * API Routes, Accept, and the incoming-call guide) have the app accept it through this route.
 * Neither says what a play before an accept gets. So unless the rule is at error, the request is
 * carried as the older docs have it: the platform accepted the call, and the request runs (no
 * accept action, the app sent none; no `connected` event, the older platform sends `incomingcall`
 * on a call already up, as `vendor.autoAccept` does), with a warning naming both models. Measured
 * (audit-94 F1): an app written to the older docs failed with callspec's own 409 and a failure
 * blaming "the order of the app's requests". Returns the refusal when the rule is at error;
 * undefined when the request may go on (the call is connected now, or was no such call).
 */
function beforeAccept(call: CallControl, request: ApiRequest, route: 'play' | 'connect'): ApiResponse | undefined {
  if (call.phase !== 'incoming' || call.direction !== 'inbound') return undefined
  if (call.ctx.rules.level('enablex/accept-first') === 'error') return refusedBeforeAccept(call, request, route)
  const line = requestLine(call, request)
  call.ctx.breaks(
    'enablex/accept-first',
    `the app's ${line} came before any accept of the incoming call: callspec ran it as EnableX's older docs have it (the platform accepts an inbound call itself), ` +
      `not as its newer docs do (the app accepts first with PUT /voice/v1/call/{voice_id}/accept). Say which model the app follows: vendor: { autoAccept: true } for the older one (no warning), or accept the call first`,
  )
  call.ctx.note(`the platform accepts the call itself, as EnableX's older docs have it: the app's ${route} came before any accept (no connected event follows)`)
  call.acceptedByPlatform(route)
  return undefined
}

/**
 * The 409 a play or connect before the accept gets when rule enablex/accept-first is at error
 * (strict): the newer docs' model, said as the app's choice of the older one, with how to choose.
 */
function refusedBeforeAccept(call: CallControl, request: ApiRequest, route: 'play' | 'connect'): ApiResponse {
  const { status, msg } = ERROR_ANSWERS.notConnected
  // Led by the inference (inferred-lead.ts): the docs disagree, so the refusal is callspec's choice, never EnableX's verdict.
  const problem =
    `callspec refused the app's ${requestLine(call, request)} ${byInferredRule('EnableX', call.ctx.rules, ['enablex/accept-first'])}: ` +
    `it came before any accept of the incoming call, as EnableX's older docs have it (the platform accepts an inbound call itself). ` +
    `callspec follows the newer docs here (the app accepts with PUT /voice/v1/call/{voice_id}/accept), and answered HTTP ${status} ${JSON.stringify(msg)} (callspec's answer: neither version documents one). ` +
    `Choose the older model with vendor: { autoAccept: true }, or accept the call first`
  return refuse(call, request, route, { ...ERROR_ANSWERS.notConnected, rule: 'enablex/accept-first' }, ACCEPT_FIRST, problem)
}

/**
 * EnableX's Voice API Routes, Play and its errors: bridged 6112, pending 6114, voice 6117; not yet
 * connected: 409. [inferred]
 */
function play(call: CallControl, body: PlayRequest, request: ApiRequest): ApiResponse {
  const fail = (error: ErrorAnswer, advice?: string) => refuse(call, request, 'play', error, advice)
  if (unsupportedVoice(body)) return fail(ERROR_ANSWERS.voiceNotSupported, `EnableX's TTS voices are ${BEHAVIOUR.voices.map((v) => `"${v}"`).join(' and ')} (the app sent ${JSON.stringify(body.voice)})`)
  const early = beforeAccept(call, request, 'play')
  if (early) return early
  // An outbound call the callee has not answered yet: the callee, not the app, connects it.
  if (call.phase !== 'connected') return refuse(call, request, 'play', ERROR_ANSWERS.notConnected, undefined, undefined, { refused: 'the callee has not answered, so there is no one to play to' })
  if (call.bridge) return fail(ERROR_ANSWERS.playWhileBridged)
  if (call.play) return fail(ERROR_ANSWERS.playPending)
  const started = call.startPlay(body)
  recordAction(call.ctx, 'play', body, [started.plan])
  const { from, to } = call.parties()
  return { status: 200, body: { voice_id: call.voiceId, playstate: 'initiated', from, to, timestamp: call.ctx.clock.iso() } }
}

/**
 * EnableX's Voice API Routes, Connect: bridge to another party; `bridging`, then `bridged` or
 * `failed`.
 */
function connect(call: CallControl, body: EnableXActions['connect'], request: ApiRequest): ApiResponse {
  const early = beforeAccept(call, request, 'connect')
  if (early) return early
  if (call.phase !== 'connected') return refuse(call, request, 'connect', ERROR_ANSWERS.notConnected, undefined, undefined, { refused: 'the callee has not answered, so there is no call to bridge' })
  if (call.bridge) return refuse(call, request, 'connect', ERROR_ANSWERS.alreadyBridged, undefined, undefined, { refused: 'callspec does not simulate a second bridge on a bridged call' })
  // 6118 / 6110: documented (EnableX's Voice API Routes, Connect).
  const number = numberError(body.from, call.options)
  if (number) return refuse(call, request, 'connect', number)
  recordAction(call.ctx, 'connect', body)
  call.startBridge(body.from, body.to)
  return { status: 200, body: { voice_id: call.voiceId, state: 'initiated', from: body.from, to: body.to, bridge_id: call.ctx.uuid(), timeStamp: call.ctx.clock.iso() } }
}

function notBridged(call: CallControl, request: ApiRequest, route: 'transfer' | 'forward' | 'hold' | 'recording', error: ErrorAnswer = ERROR_ANSWERS.notBridgedYet, off?: WhenOff): ApiResponse {
  return refuse(call, request, route, error, bridgeFirst(call, route), undefined, off)
}

/**
 * What a transfer, forward, hold or recording refused for want of a bridge needs (EnableX's Voice
 * API Routes, Transfer to Recording: they act on a bridged call): a connect first, and its
 * `bridged` event. Measured (audit-76 M2): a transfer on a call not bridged was told to check the
 * order in which an inbound call is accepted.
 */
function bridgeFirst(call: CallControl, route: string): string {
  const waiting = call.bridge ? ': the connect is under way, wait for its bridged event' : ''
  return `${route} needs a bridged call: bridge it first with PUT /voice/v1/call/{voice_id}/connect, then send ${route} once the bridged event comes${waiting}`
}

/**
 * EnableX's Voice API Routes, Transfer and Forward: both need a bridged call. Progress events are
 * not documented. [inferred]
 */
function transfer(call: CallControl, route: 'transfer' | 'forward', body: Record<string, string>, request: ApiRequest): ApiResponse {
  const bridge = call.bridge
  if (!bridge?.bridged) return notBridged(call, request, route)
  const to = route === 'transfer' ? body.transfer_to! : body.to!
  recordAction(call.ctx, route, body as never)
  // A transfer without from (rule enablex/transfer-from, at warn): the CLI the connect presented.
  const from = body.from ?? bridge.from
  bridge.transfer(route, from, to)
  const answer: Record<string, unknown> = { voice_id: call.voiceId, from, to, status: route === 'transfer' ? 'initiated' : 'success' }
  if (route === 'transfer') answer.channel_id = call.ctx.uuid()
  answer.timestamp = call.ctx.clock.iso()
  return { status: 200, body: answer }
}

/**
 * EnableX's Voice API Routes, Hold: music on hold for the caller. Response and events are not
 * documented. [inferred]
 */
function hold(call: CallControl, body: EnableXActions['hold'], request: ApiRequest): ApiResponse {
  const bridge = call.bridge
  // EnableX documents hold for a bridged channel, and no answer without one: at 'off' a no-op (refuse).
  if (!bridge?.bridged) return notBridged(call, request, 'hold', ERROR_ANSWERS.holdNotBridged, noOp(call, 'hold', body, 'the call has no bridge to hold', () => ({ status: 200, body: { voice_id: call.voiceId, status: 'success', hold: body.hold, timestamp: call.ctx.clock.iso() } })))
  recordAction(call.ctx, 'hold', body)
  bridge.hold(body.hold)
  return { status: 200, body: { voice_id: call.voiceId, status: 'success', hold: body.hold, timestamp: call.ctx.clock.iso() } }
}

/**
 * EnableX's Voice API Routes, Recording: recording runs on a bridge; already running 408; a reused
 * name fails (callspec's 400 / 6119).
 */
function recording(call: CallControl, body: EnableXActions['recording'], request: ApiRequest): ApiResponse {
  if (!call.bridge?.bridged) return notBridged(call, request, 'recording')
  const fail = (error: ErrorAnswer, advice?: string) => refuse(call, request, 'recording', error, advice)
  const { recordings } = call
  // start: false or stop: false (allowed at warn, rule enablex/recording-false), or both flags in
  // one body (enablex/start-and-stop): read as conditions, start first (recording-intent.ts). A
  // request that starts and stops nothing leaves whatever is running to run on; it is still an
  // action (an accepted request), answered 200 with no recording_id (callspec's: none is documented).
  const intent = recordingIntent(body)
  if (intent === 'nothing') {
    recordAction(call.ctx, 'recording', body)
    return recordingAnswer(call, undefined)
  }
  if (intent === 'start' && 'start' in body) {
    if (recordings.running !== undefined) return fail(ERROR_ANSWERS.alreadyRecording)
    // An empty or blank recording_name (allowed at warn, rule enablex/empty-name) is read as none
    // given, what EnableX most plausibly does with it: the recording is made, under no name kept, so
    // a second empty one is no reused name.
    const name = body.recording_name?.trim() === '' ? undefined : body.recording_name
    if (name !== undefined && recordings.nameTaken(name)) return fail(ERROR_ANSWERS.recordingNameTaken, nameTaken(name))
    const id = recordings.start(name)
    recordAction(call.ctx, 'recording', body)
    return recordingAnswer(call, id)
  }
  const running = recordings.running
  if (running === undefined) return refuse(call, request, 'recording', ERROR_ANSWERS.notRecording, undefined, undefined, noOp(call, 'recording', body, 'no recording is running', () => recordingAnswer(call, undefined)))
  recordAction(call.ctx, 'recording', body)
  recordings.stop()
  return recordingAnswer(call, running)
}

/** Which part of the reused-name answer is EnableX's and which callspec's (rule enablex/unique-recording-name). */
function nameTaken(name: string): string {
  return `recording_name ${JSON.stringify(name)} was used before: EnableX's docs say an existing name makes the request fail, not with what answer (this HTTP 400 and result 6119 are callspec's)`
}

/**
 * The 200 answer (EnableX's Voice API Routes, Recording); a request that starts or stops nothing
 * (enablex/recording-false) has no recording_id.
 */
function recordingAnswer(call: CallControl, id: string | undefined): ApiResponse {
  const { from, to } = call.parties()
  return { status: 200, body: { status: 'success', from, to, voice_id: call.voiceId, ...(id === undefined ? {} : { recording_id: id }), msg: '', timeStamp: call.ctx.clock.iso() } }
}

/**
 * EnableX's Voice API Routes, Hang up: the app hangs up (or rejects an incoming call);
 * `disconnected` follows.
 */
function hangup(call: CallControl): ApiResponse {
  const rejected = call.phase === 'incoming'
  recordAction(call.ctx, 'hangup', {})
  call.hangUp(rejected)
  const { from, to } = call.parties()
  return { status: 200, body: { voice_id: call.voiceId, state: 'success', from, to, timeStamp: call.ctx.clock.iso() } }
}
