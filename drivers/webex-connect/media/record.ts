import type { Listening, Timer } from '../../../src/driver/index.js'
import { cutShort, recordHeard } from '../../../src/driver/index.js'
import { schedule, speechMs, type Scheduled } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { RecordAction } from '../schemas.js'
import { secs, type Leg, type Media } from './types.js'

/**
 * RECORD (Webex Connect's RECORD action): an optional prompt, then the caller is recorded until the
 * termination digit or the timeout.
 */
export class Recording implements Media {
  readonly kind = 'record'
  readonly bridged = false
  readonly #txn: string
  #items: Scheduled[]
  promptEnd: number
  #timer?: Timer
  #over = false

  constructor(
    private readonly leg: Leg,
    private readonly action: RecordAction,
  ) {
    const { ctx } = leg
    const now = ctx.clock.now()
    this.#txn = ctx.uuid()
    this.#items = action.audio ? schedule(action.audio, now, leg.options.audioDurationsMs) : []
    this.promptEnd = this.#items.at(-1)?.end ?? now
    // Under 1 s is allowed at warn (rule timeouts-positive): run as 0, never a negative timer.
    const limit = Math.max(0, action.timeoutSeconds ?? BEHAVIOUR.recordTimeoutS) * 1000
    this.#timer = ctx.clock.setTimer(this.promptEnd + limit - now, 'recording timeout', () => this.#recorded())
  }

  listening(): Listening {
    return { digits: true, speech: true, describe: 'a recording (speech, or the termination digit)' }
  }

  async key(key: string): Promise<void> {
    if (key === this.action.terminationDigit) return this.#recorded()
    this.leg.ctx.note(`key ${key} recorded as sound (it is not RECORD's termination digit)`)
  }

  async speak(text: string): Promise<void> {
    const { ctx } = this.leg
    await ctx.advanceTo(ctx.clock.now() + speechMs(text))
    if (!this.#over) ctx.note(`${JSON.stringify(text)} goes into the recording`)
  }

  stop(why: string): void {
    cutShort(this.leg.ctx, this, why)
    this.#end()
  }

  /** A recording in progress is kept and reported before the call's end. [inferred] */
  afterDrop(): Promise<void> {
    return this.#recorded()
  }

  async #recorded(): Promise<void> {
    const { ctx } = this.leg
    this.#end()
    const length = secs(Math.max(0, ctx.clock.now() - this.promptEnd))
    const n = this.leg.nextRecordingNumber()
    const url = `${BEHAVIOUR.recordingBaseUrl}/menu_${Math.floor((ctx.clock.epochMs + this.promptEnd) / 1000)}_${this.leg.sessionId.slice(0, 8)}_${n}.wav`
    this.leg.addRecording({ durationSeconds: length, url })
    await this.leg.send('RECORDED', { transactionId: this.#txn, status: 'SUCCESS', recordingFileName: url, recordingLength: length })
  }

  #end(): void {
    this.#over = true
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
    recordHeard(this.leg.ctx, this.#items, this.promptEnd)
    this.#items = []
  }
}
