import type { ActionsOf, AnyDriver, PartyBehaviour, TriggerContext } from '../driver/types.js'
import { closestName } from '../validation/did-you-mean.js'
import { nearActionName } from './near-action-name.js'
import { otherPlatformsAction } from '../driver/other-platforms.js'
import { notAnAction } from '../driver/not-an-action.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import type { CallSession } from '../session/call-session.js'
import { CallSoFar, type CallResult } from './call-result.js'
import type { FlowConfig } from './flow-config.js'
import { gapValue } from './check-options.js'
import { describeExpected, type Match } from './match.js'
import { withFirstTurnHint } from './first-turn-hint.js'
import { stopAtTestEnd } from './stop-at-test-end.js'
import { partyBehaviourProblem } from './party-behaviour.js'
import type { Step } from './steps.js'

const E164 = /^\+?[1-9]\d{5,14}$/

export interface DigitOptions {
  /** Press while the prompt is still playing (barge-in), instead of after it ends. */
  bargeIn?: boolean
  /**
   * Virtual ms between one key press and the next (default 300). The first key comes 300 ms after
   * the prompt ends (or after the caller starts, barging in) whatever the gap: a slow typist
   * (`gapMs: 6000`) tests the inter-digit timeout; to test the first-digit timeout, `staySilent()`.
   */
  gapMs?: number
}

export interface SpeechOptions {
  bargeIn?: boolean
  /** false: the recogniser fails on this utterance (the platform's speech failure event). */
  recognised?: boolean
}

/** A flow as written, `callTo(…, { platform: 'webex-connect' }).expectAction('ANSWER')` (CallFlow's static block). */
let writtenAs: (flow: object) => string

/**
 * A call, written as the steps it should take. Each method returns a new flow (a shared prefix
 * is safe to reuse); nothing runs until the flow is awaited, and it runs once.
 */
export class CallFlow<D extends AnyDriver> implements PromiseLike<CallResult<D>> {
  readonly #config: FlowConfig<D>
  /** The steps, as the chain #add built (shared with the flows this one was written from), or as an array. */
  readonly #chain: StepChain | readonly Step[]
  #run: Promise<CallResult<D>> | undefined

  constructor(config: FlowConfig<D>, steps: StepChain | readonly Step[] = []) {
    this.#config = config
    this.#chain = steps
    // What a never-awaited report names: the newest flow written from this callTo(), read only then.
    config.root.latest = this
    config.root.written ??= writtenAs
  }

  static {
    writtenAs = (flow) => {
      const { driver } = (flow as CallFlow<AnyDriver>).#config
      return [`callTo(…, { platform: '${driver.platform}' })`, ...(flow as CallFlow<AnyDriver>).#steps.map((s) => s.label)].join('.')
    }
  }

  /** The steps in order, built once from the chain (when the flow runs). */
  get #steps(): readonly Step[] {
    return this.#chain instanceof StepChain ? this.#chain.toArray() : this.#chain
  }

  /** The caller's number (E.164). Inbound calls only; outbound numbers come from the app's request. */
  fromCaller(number: string): CallFlow<D> {
    return this.#configure({ from: this.#number(number, 'fromCaller') })
  }

  /** The number that was dialled: the app's number (inbound), or the person called (outbound). */
  toNumber(number: string): CallFlow<D> {
    return this.#configure({ to: this.#number(number, 'toNumber') })
  }

  /** How a number the platform dials (a PATCH or transfer target) behaves. Default: answers. */
  withParty(number: string, behaviour: PartyBehaviour): CallFlow<D> {
    return this.#configure({ parties: { ...this.#config.parties, [number]: this.#behaviour(behaviour, `withParty(${JSON.stringify(number)}, …)`) } })
  }

  /** Outbound: how the person the app calls answers. Default: 'answers' (a person). */
  answeredBy(behaviour: PartyBehaviour): CallFlow<D> {
    return this.#configure({ callee: this.#behaviour(behaviour, 'answeredBy()') })
  }

  /**
   * Makes this an outbound call: `trigger` makes the app place it (usually an HTTP request to the
   * app), and callspec answers the app's make-call request as the platform.
   * @example callTo(app, { platform: 'webex-connect' }).startedBy((app) => app.fetch('/remind', { method: 'POST' }))
   */
  startedBy(trigger: (app: TriggerContext) => unknown): CallFlow<D> {
    return this.#configure({ startedBy: trigger })
  }

  /**
   * The app's next action must be `name`, partially matching `match` (RegExps and asymmetric
   * matchers allowed). Consumes it.
   */
  expectAction<N extends keyof ActionsOf<D> & string>(name: N, match?: Match<ActionsOf<D>[N]>): CallFlow<D> {
    // Types catch a name the platform has no action for; JavaScript tests (audit F3) ran the call
    // and failed at the step with "expected action answer, got ANSWER".
    const { actionNames, platform } = this.#config.driver
    if (!actionNames.includes(name)) {
      // Something of the platform's that is no action on it (Voxology's make-call): what to write instead.
      const instead = notAnAction(this.#config.driver, String(name))
      if (instead) this.#misuse(`[callspec] expectAction(${JSON.stringify(name)}): ${platform} has no action ${JSON.stringify(name)}: ${instead.why}: ${instead.test} Its actions: ${actionNames.join(', ')}.`)
      const close = closestName(String(name), actionNames)
      // A name another platform has (`say` on Webex Connect) was written for that platform, unless
      // it is a near miss of this one's (`play` for PLAY), as the scenario parser says it.
      const owned = close ? '' : otherPlatformsAction(String(name), platform)
      // Else one that begins with it (`record` → `recording`).
      const near = close ?? (owned ? undefined : nearActionName(String(name), actionNames))
      const hint = near ? ` Did you mean '${near}'?` : ''
      this.#misuse(`[callspec] expectAction(${JSON.stringify(name)}): ${platform} has no action ${JSON.stringify(name)}${owned}.${hint} Its actions: ${actionNames.join(', ')}.`)
    }
    const label = match === undefined ? `expectAction('${name}')` : `expectAction('${name}', ${describeExpected(match)})`
    return this.#add({ kind: 'expectAction', name, match, label, method: 'expectAction' })
  }

  /** The app ends the call here (its hang-up action, or the platform ends it). */
  expectHangup(): CallFlow<D> {
    return this.#add({ kind: 'expectHangup', label: 'expectHangup()', method: 'expectHangup' })
  }

  /**
   * The caller presses keys (0-9, *, #) when the platform next listens for digits. Pass a function
   * to choose them then, from the call so far (prompts heard, actions, webhooks): an OTP the app
   * spoke, a number it asked for.
   * @example .pressDigits((call) => call.prompts.at(-1)!.match(/code is (\d+)/)![1]!)
   */
  pressDigits(digits: string | ((call: CallResult<D>) => string), options: DigitOptions = {}): CallFlow<D> {
    const bargeIn = options.bargeIn ?? false
    const wrongGap = gapValue(options.gapMs)
    if (wrongGap) this.#misuse(wrongGap)
    const gapMs = options.gapMs ?? 300
    // The option as written, not "(during the prompt)": at the press a prompt may already have ended (helper-150 F10).
    const during = bargeIn ? ' (bargeIn)' : ''
    const input = (keys: string) => ({ kind: 'digits' as const, label: `presses ${keys}${during}`, digits: keys, bargeIn, gapMs })
    if (typeof digits === 'function') {
      const label = 'pressDigits(call => …)'
      const pick = (session: CallSession) => input(picked(session, digits, (v) => checkDigits(v) === undefined, 'keys 0-9, * and #'))
      return this.#add({ kind: 'input', input: input(''), pick, label, method: 'pressDigits' })
    }
    const wrong = checkDigits(digits)
    if (wrong) this.#misuse(`[callspec] pressDigits() ${wrong}.`)
    return this.#add({ kind: 'input', input: input(digits), label: `pressDigits('${digits}')`, method: 'pressDigits' })
  }

  /**
   * The caller speaks, when the platform next listens for speech. Pass a function to choose the
   * words then, from the call so far.
   */
  say(text: string | ((call: CallResult<D>) => string), options: SpeechOptions = {}): CallFlow<D> {
    const recognised = options.recognised ?? true
    const input = (words: string) => ({
      kind: 'speech' as const,
      label: `says ${JSON.stringify(words)}${recognised ? '' : ' (not recognised)'}`,
      text: words,
      recognised,
      bargeIn: options.bargeIn ?? false,
    })
    if (typeof text === 'function') {
      const label = 'say(call => …)'
      const pick = (session: CallSession) => input(picked(session, text, (v) => typeof v === 'string', 'a string'))
      return this.#add({ kind: 'input', input: input(''), pick, label, method: 'say' })
    }
    return this.#add({ kind: 'input', input: input(text), label: `say(${JSON.stringify(text)})`, method: 'say' })
  }

  /**
   * The caller says nothing: for `ms` virtual milliseconds, or (no argument) until the app does
   * something next, such as answering the platform's input timeout.
   */
  staySilent(ms?: number): CallFlow<D> {
    if (ms !== undefined && !(ms >= 0)) this.#misuse(`[callspec] staySilent() takes milliseconds ≥ 0, got ${ms}.`)
    const label = ms === undefined ? 'staySilent()' : `staySilent(${ms})`
    return this.#add({ kind: 'silence', ms, label, method: 'staySilent' })
  }

  /**
   * The caller waits, silent, until the platform listens for input at a new point (not the one the
   * caller last answered) or the call ends. The explorer ends each probe with it. Returns quietly
   * if nothing at all can happen any more.
   */
  untilListening(): CallFlow<D> {
    return this.#add({ kind: 'untilListening', label: 'untilListening()', method: 'untilListening' })
  }

  /**
   * The caller says nothing until the platform gives up listening at the current point (its input
   * timeout: one timeout, even where the platform itself would ask again).
   */
  waitForTimeout(): CallFlow<D> {
    return this.#add({ kind: 'timeout', label: 'waitForTimeout()', method: 'waitForTimeout' })
  }

  /** The caller hangs up now (mid-prompt if one is playing). `cause: 'network'` drops the line instead. */
  hangUp(options: { cause?: 'caller' | 'network' } = {}): CallFlow<D> {
    const cause = options.cause ?? 'caller'
    return this.#add({
      kind: 'input',
      input: { kind: 'hangup', cause, label: cause === 'network' ? 'line drops (network)' : 'hangs up' },
      label: cause === 'caller' ? 'hangUp()' : `hangUp({ cause: '${cause}' })`,
      method: 'hangUp',
    })
  }

  then<A = CallResult<D>, B = never>(
    onFulfilled?: ((result: CallResult<D>) => A | PromiseLike<A>) | null,
    onRejected?: ((error: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#config.root.awaited = true
    // The run machinery (session, transport, interception, clocks) loads with the first call, not
    // at import: a file that only builds flows or validates never pays for it.
    this.#run ??= this.#start()
    return this.#run.then(onFulfilled, onRejected)
  }

  async #start(): Promise<CallResult<D>> {
    // Tied to the running test now, before any await: the first call of a file loads its libraries
    // for a while, and by then another test may be running (stop-at-test-end.ts).
    const testEnd = stopAtTestEnd()
    let result: CallResult<D>
    try {
      const { runFlow } = await runFlowModule()
      result = await runFlow(this.#config, this.#steps, testEnd?.signal)
    } catch (error) {
      testEnd?.ended(error)
      // Stopped at its test's end: the test's own failure says it, or the stop fails the test
      // through its end hook. Rejected here as well, it came back as vitest's "unhandled
      // rejection, might cause false positive tests" wherever nothing awaits the call any more
      // (a then() never awaited, the Promise an async helper returned: helper-21). Nothing
      // can still be waiting for it in the test, which is over: its promise stays unsettled.
      if (testEnd?.signal.aborted) return new Promise<never>(() => {})
      throw withFirstTurnHint(error, this.#config)
    }
    testEnd?.ended()
    return result
  }

  catch<B = never>(onRejected?: ((error: unknown) => B | PromiseLike<B>) | null): Promise<CallResult<D> | B> {
    return this.then(undefined, onRejected)
  }

  finally(onFinally?: (() => void) | null): Promise<CallResult<D>> {
    return this.then().finally(onFinally)
  }

  /** A chain that threw while being written never runs: it must not be reported as never awaited. */
  #misuse(message: string): never {
    this.#config.root.awaited = true
    throw new CallspecUsageError(message)
  }

  /**
   * The number in E.164 form, its `+` added where it was left out (`14155550100`, as EnableX's
   * payloads write it): the digits are the international number, country code first. Kept as
   * written, the transcript showed `4155550123` while 8x8 sent `+4155550123` and Webex Connect
   * sent it without its `+` (helper-125); each driver writes numbers as its platform does.
   */
  #number(number: string, method: string): string {
    if (typeof number !== 'string' || !E164.test(number)) {
      this.#misuse(
        `[callspec] ${method}() takes a phone number in E.164 form such as '+14155550100' (country code first; the '+' may be left out), got ${JSON.stringify(number)}.`,
      )
    }
    return number.startsWith('+') ? number : `+${number}`
  }

  /**
   * A party's behaviour as the types allow it. From JavaScript `{ answers: true }` (no
   * hangsUpAfterMs) went through: the party's hang-up was set for NaN ms, and the call hung until
   * the test's timeout, or failed later on an "Invalid time value" called a stack overflow (audit h179).
   */
  #behaviour(behaviour: PartyBehaviour, method: string): PartyBehaviour {
    const problem = partyBehaviourProblem(behaviour, method)
    return problem ? this.#misuse(problem) : behaviour
  }

  #configure(patch: Partial<FlowConfig<D>>): CallFlow<D> {
    return new CallFlow({ ...this.#config, ...patch }, this.#chain)
  }

  /**
   * One step more, in O(1): the new flow's chain points at this one's, which stays as it was (a
   * prefix written once and continued two ways is two flows sharing it). Copying the array at
   * every step made writing an n-step flow take time in n².
   */
  #add(step: Step): CallFlow<D> {
    return new CallFlow(this.#config, new StepChain(this.#chain instanceof StepChain ? this.#chain : StepChain.of(this.#chain), step))
  }
}

/** An immutable list of steps that grows at its end: each link holds one step and the links before it. */
class StepChain {
  readonly length: number
  #array: readonly Step[] | undefined
  constructor(
    readonly before: StepChain | undefined,
    readonly step: Step | undefined,
  ) {
    this.length = (before?.length ?? 0) + (step === undefined ? 0 : 1)
  }

  static of(steps: readonly Step[]): StepChain {
    let chain = new StepChain(undefined, undefined)
    for (const step of steps) chain = new StepChain(chain, step)
    return chain
  }

  toArray(): readonly Step[] {
    if (this.#array) return this.#array
    const out = new Array<Step>(this.length)
    let i = this.length
    if (this.step !== undefined) out[--i] = this.step
    for (let link = this.before; link; link = link.before) if (link.step !== undefined) out[--i] = link.step
    return (this.#array = out)
  }
}

/** What is wrong with a key sequence, or undefined. */
const checkDigits = (digits: unknown): string | undefined =>
  typeof digits === 'string' && /^[0-9*#]+$/.test(digits)
    ? undefined
    : // A number (pressDigits(1234)) is the common slip: the quoted string is the fix (newcomer audit-91).
      `takes keys 0-9, * and #, got ${JSON.stringify(digits)}${typeof digits === 'number' && Number.isInteger(digits) && digits >= 0 ? `, a number: pass the keys as a string, pressDigits('${digits}')` : ''}`

/** Runs a step's function on the call so far (a live view of its transcript) and checks what it chose. */
function picked<D extends AnyDriver>(session: CallSession, choose: (call: CallResult<D>) => string, ok: (value: unknown) => boolean, needs: string): string {
  const { platform, seed } = session.transcript.header
  const soFar = new CallSoFar<D>(platform, seed, session.transcript, [])
  const value = choose(soFar)
  if (!ok(value)) throw new CallspecUsageError(`${returned(value, needs)} Prompts so far: ${JSON.stringify(soFar.prompts)}.`)
  return value
}

/**
 * What a step's function returned, and what it must. A promise (an `async` function, from
 * JavaScript: the types take only a string) printed as `{}` (audit-111): it is named, with why.
 */
function returned(value: unknown, needs: string): string {
  const then = (value as { then?: unknown } | null)?.then
  if (typeof then !== 'function') return `the step's function returned ${JSON.stringify(value)}; it must return ${needs}.`
  // The call fails on the promise itself: its rejection, if any, must not also be an unhandled one.
  Reflect.apply(then, value, [undefined, () => {}])
  return (
    `the step's function returned a Promise (an async function?); it must return ${needs} at once: callspec calls it between two turns of the call and does not await it. ` +
    'Read what it needs off the call it is given (call.prompts, call.webhooks), or await the rest before the flow.'
  )
}

type RunFlowModule = typeof import('./run-flow.js')
let runFlowLoading: Promise<RunFlowModule> | undefined
/**
 * The run loop's module, imported once per process: an import() per call goes through the module
 * loader's resolve every time, and under loader hooks (tsx, ts-node) each one is a round trip to
 * the hooks thread (measured: more than half of a call's time under `node --import tsx`).
 */
const runFlowModule = (): Promise<RunFlowModule> => (runFlowLoading ??= import('./run-flow.js'))
