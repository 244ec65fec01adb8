import type { Listening, Timer } from '../../../src/driver/index.js'
import { schedule } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { PatchAction } from '../schemas.js'
import type { Leg, Media } from './types.js'

/**
 * PATCH (§3.5): the caller hears the hold audio while the B-party rings, then the legs are bridged
 * (PATCHED); a busy or unanswered B-party gives PATCHED FAILURE, and one who leaves first a second
 * PATCHED with droppedBy CALLEE.
 */
export class Patch implements Media {
  readonly kind = 'patch'
  readonly promptEnd = 0
  bridged = false
  readonly #txn: string
  #timer?: Timer

  constructor(
    private readonly leg: Leg,
    private readonly action: PatchAction,
  ) {
    const { ctx } = leg
    const now = ctx.clock.now()
    this.#txn = ctx.uuid()
    // A hold or greeting audio that names no media (rule webex-connect/empty-media-id) plays nothing.
    const hold = action.holdAudio && schedule([action.holdAudio], now)[0]
    if (hold) ctx.heard(hold.prompt, now)
    const behaviour = leg.party(action.dialedNumber)
    if (behaviour === 'busy') {
      this.#timer = ctx.clock.setTimer(BEHAVIOUR.busyAfterMs, `${action.dialedNumber} busy`, () => this.#failed(BEHAVIOUR.causes.busy))
      return
    }
    if (behaviour === 'no-answer') {
      this.#timer = ctx.clock.setTimer(BEHAVIOUR.noAnswerAfterMs, `${action.dialedNumber} no answer`, () => this.#failed(BEHAVIOUR.causes.noAnswer))
      return
    }
    const greeting = action.greetingAudio ? (schedule([action.greetingAudio], 0, leg.options.audioDurationsMs)[0]?.end ?? 0) : 0
    const connectIn = BEHAVIOUR.patchRingMs + greeting * ((action.greetingRepeatCount ?? 0) + 1)
    const hangsUpAfterMs = typeof behaviour === 'object' ? behaviour.hangsUpAfterMs : undefined
    this.#timer = ctx.clock.setTimer(connectIn, `${action.dialedNumber} connected`, () => this.#connected(hangsUpAfterMs))
  }

  listening(): Listening | undefined {
    return undefined
  }

  async key(key: string): Promise<void> {
    const { ctx } = this.leg
    if (!this.bridged) return ctx.keyIgnored(key)
    ctx.note(this.action.passDtmf === false ? `key ${key} not passed (passDtmf false)` : `key ${key} passed to ${this.action.dialedNumber}`)
  }

  async speak(): Promise<void> {
    this.leg.ctx.note('speech ignored: nothing is listening')
  }

  stop(): void {
    this.#end()
  }

  async #connected(hangsUpAfterMs: number | undefined): Promise<void> {
    const { ctx } = this.leg
    const { action } = this
    this.bridged = true
    this.#timer = undefined
    if (action.patchDigit) ctx.note(`${action.dialedNumber} pressed the patch digit ${action.patchDigit}`)
    if (hangsUpAfterMs !== undefined) {
      this.#timer = ctx.clock.setTimer(hangsUpAfterMs, `${action.dialedNumber} hangs up`, () => this.#released())
    }
    const recordings = action.recordCall ? [`${this.leg.sessionId.slice(0, 8)}_patch_1.wav`] : undefined
    await this.leg.send('PATCHED', {
      transactionId: this.#txn,
      status: 'SUCCESS',
      ConnectedOn: ctx.clock.iso(),
      ...(recordings ? { recordingFileName: recordings } : {}),
    })
  }

  async #failed(cause: { code: string; message: string }): Promise<void> {
    this.#end()
    await this.leg.send('PATCHED', { transactionId: this.#txn, status: 'FAILURE', error: cause })
  }

  /** The B-party left: the caller is alone again and the app decides what follows. [inferred] */
  async #released(): Promise<void> {
    this.#end()
    await this.leg.send('PATCHED', { transactionId: this.#txn, status: 'SUCCESS', droppedBy: 'CALLEE' })
  }

  #end(): void {
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
  }
}
