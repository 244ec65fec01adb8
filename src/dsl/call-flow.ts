import type { ActionName, ActionsOf, AnyDriver, PartyBehaviour, TriggerContext } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { captureCallSite } from '../utils/call-site.js'
import type { CallResult } from './call-result.js'
import type { FlowConfig } from './flow-config.js'
import { describeExpected, type Match } from './match.js'
import { runFlow } from './run-flow.js'
import type { Step } from './steps.js'

const E164 = /^\+?[1-9]\d{5,14}$/

export interface DigitOptions {
  /** Press while the prompt is still playing (barge-in), instead of after it ends. */
  bargeIn?: boolean
  /** Virtual ms between key presses (default 300). */
  gapMs?: number
}

export interface SpeechOptions {
  bargeIn?: boolean
  /** false: the recogniser fails on this utterance (the platform's speech failure event). */
  recognised?: boolean
}

/**
 * A call, written as the steps it should take. Each method returns a new flow (a shared prefix
 * is safe to reuse); nothing runs until the flow is awaited, and it runs once.
 */
export class CallFlow<D extends AnyDriver> implements PromiseLike<CallResult<D>> {
  readonly #config: FlowConfig<D>
  readonly #steps: readonly Step[]
  #run: Promise<CallResult<D>> | undefined

  constructor(config: FlowConfig<D>, steps: readonly Step[] = []) {
    this.#config = config
    this.#steps = steps
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
    return this.#configure({ parties: { ...this.#config.parties, [number]: behaviour } })
  }

  /** Outbound: how the person the app calls answers. Default: 'answers' (a person). */
  answeredBy(behaviour: PartyBehaviour): CallFlow<D> {
    return this.#configure({ callee: behaviour })
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
  expectAction<N extends ActionName<D>>(name: N, match?: Match<ActionsOf<D>[N]>): CallFlow<D> {
    const label = match === undefined ? `expectAction('${name}')` : `expectAction('${name}', ${describeExpected(match)})`
    return this.#add({ kind: 'expectAction', name, match, label, site: captureCallSite(this.expectAction) })
  }

  /** The app ends the call here (its hang-up action, or the platform ends it). */
  expectHangup(): CallFlow<D> {
    return this.#add({ kind: 'expectHangup', label: 'expectHangup()', site: captureCallSite(this.expectHangup) })
  }

  /** The caller presses keys (0-9, *, #) when the platform next listens for digits. */
  pressDigits(digits: string, options: DigitOptions = {}): CallFlow<D> {
    if (!/^[0-9*#]+$/.test(digits)) this.#misuse(`[callspec] pressDigits() takes keys 0-9, * and #, got ${JSON.stringify(digits)}.`)
    const bargeIn = options.bargeIn ?? false
    const label = `presses ${digits}${bargeIn ? ' (during the prompt)' : ''}`
    const input = { kind: 'digits' as const, label, digits, bargeIn, gapMs: options.gapMs ?? 300 }
    return this.#add({ kind: 'input', input, label: `pressDigits('${digits}')`, site: captureCallSite(this.pressDigits) })
  }

  /** The caller speaks, when the platform next listens for speech. */
  say(text: string, options: SpeechOptions = {}): CallFlow<D> {
    const recognised = options.recognised ?? true
    const label = `says ${JSON.stringify(text)}${recognised ? '' : ' (not recognised)'}`
    const input = { kind: 'speech' as const, label, text, recognised, bargeIn: options.bargeIn ?? false }
    return this.#add({ kind: 'input', input, label: `say(${JSON.stringify(text)})`, site: captureCallSite(this.say) })
  }

  /**
   * The caller says nothing: for `ms` virtual milliseconds, or (no argument) until the app does
   * something next, such as answering the platform's input timeout.
   */
  staySilent(ms?: number): CallFlow<D> {
    if (ms !== undefined && !(ms >= 0)) this.#misuse(`[callspec] staySilent() takes milliseconds ≥ 0, got ${ms}.`)
    const label = ms === undefined ? 'staySilent()' : `staySilent(${ms})`
    return this.#add({ kind: 'silence', ms, label, site: captureCallSite(this.staySilent) })
  }

  /**
   * The caller waits, silent, until the platform listens for input at a new point (not the one the
   * caller last answered) or the call ends. The explorer ends each probe with it. Returns quietly
   * if nothing at all can happen any more.
   */
  untilListening(): CallFlow<D> {
    return this.#add({ kind: 'untilListening', label: 'untilListening()', site: captureCallSite(this.untilListening) })
  }

  /**
   * The caller says nothing until the platform gives up listening at the current point (its input
   * timeout: one timeout, even where the platform itself would ask again).
   */
  waitForTimeout(): CallFlow<D> {
    return this.#add({ kind: 'timeout', label: 'waitForTimeout()', site: captureCallSite(this.waitForTimeout) })
  }

  /** The caller hangs up now (mid-prompt if one is playing). `cause: 'network'` drops the line instead. */
  hangUp(options: { cause?: 'caller' | 'network' } = {}): CallFlow<D> {
    const cause = options.cause ?? 'caller'
    return this.#add({
      kind: 'input',
      input: { kind: 'hangup', cause, label: cause === 'network' ? 'line drops (network)' : 'hangs up' },
      label: cause === 'caller' ? 'hangUp()' : `hangUp({ cause: '${cause}' })`,
      site: captureCallSite(this.hangUp),
    })
  }

  then<A = CallResult<D>, B = never>(
    onFulfilled?: ((result: CallResult<D>) => A | PromiseLike<A>) | null,
    onRejected?: ((error: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#config.root.awaited = true
    this.#run ??= runFlow(this.#config, this.#steps)
    return this.#run.then(onFulfilled, onRejected)
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

  #number(number: string, method: string): string {
    if (typeof number !== 'string' || !E164.test(number)) {
      this.#misuse(`[callspec] ${method}() takes a phone number in E.164 form such as '+14155550100', got ${JSON.stringify(number)}.`)
    }
    return number
  }

  #configure(patch: Partial<FlowConfig<D>>): CallFlow<D> {
    return new CallFlow({ ...this.#config, ...patch }, this.#steps)
  }

  #add(step: Step): CallFlow<D> {
    return new CallFlow(this.#config, [...this.#steps, step])
  }
}
