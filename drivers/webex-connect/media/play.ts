import type { Listening, Timer } from '../../../src/driver/index.js'
import { cutShort, recordHeard } from '../../../src/driver/index.js'
import { schedule, speechMs, type Scheduled } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { PlayAction } from '../schemas.js'
import { secs, type Leg, type Media } from './types.js'

/**
 * PLAY (Webex Connect's PLAY action): audio in order, then PLAYED; with collectInput, DTMF until
 * the termination digit, maxDigits or the digit timeout (COLLECTED_DIGITS); with streamInput,
 * speech (STREAMED). A key or an utterance during the prompt barges in and stops it.
 */
export class Play implements Media {
  readonly kind = 'play'
  readonly bridged = false
  readonly #txn: string
  readonly #startedAt: number
  #items: Scheduled[]
  promptEnd: number
  readonly #collect?: { maxDigits: number; timeoutMs: number; terminationDigit?: string; digits: string }
  readonly #stream?: { timeoutMs: number }
  #timer?: Timer
  #over = false

  constructor(
    private readonly leg: Leg,
    action: PlayAction,
  ) {
    const { ctx } = leg
    const now = ctx.clock.now()
    this.#txn = ctx.uuid()
    this.#startedAt = now
    this.#items = schedule(action.audio, now, leg.options.audioDurationsMs)
    // No item left when every one names no media (rule webex-connect/empty-media-id): nothing plays.
    this.promptEnd = this.#items.at(-1)?.end ?? now
    const c = action.collectInput
    if (c) {
      // Under 1 s is allowed at warn (rule timeouts-positive): run as 0, never a negative timer.
      const timeoutMs = Math.max(0, c.digitTimeout ?? BEHAVIOUR.digitTimeoutS) * 1000
      this.#collect = { maxDigits: c.maxDigits ?? 0, timeoutMs, terminationDigit: c.terminationDigit, digits: '' }
    }
    if (action.streamInput) this.#stream = { timeoutMs: Math.max(0, action.streamInput.timeout ?? BEHAVIOUR.streamTimeoutS) * 1000 }
    if (action.recordCall) ctx.note('call recording during this PLAY (recordCall)')
    if (this.#collect || this.#stream) {
      // Silence: the earlier of the two timeouts, counted from the end of the prompt.
      this.#timer = ctx.clock.setTimer(this.promptEnd + this.#inputWait() - now, 'input timeout', () => this.#timedOut())
    } else {
      this.#timer = ctx.clock.setTimer(this.promptEnd - now, 'PLAYED', () => this.#played())
    }
  }

  listening(): Listening | undefined {
    const c = this.#collect
    if (!c && !this.#stream) return undefined
    const rules = c && [c.maxDigits && `max ${c.maxDigits}`, c.terminationDigit && `${c.terminationDigit} ends`, `${c.timeoutMs / 1000} s timeout`]
    const parts = rules ? [`digits (${rules.filter(Boolean).join(', ')})`] : []
    if (this.#stream) parts.push('speech')
    return { digits: !!c, speech: !!this.#stream, describe: parts.join(' and '), maxDigits: c?.maxDigits || undefined, terminator: c?.terminationDigit, ...(c?.digits ? { entered: c.digits } : {}) }
  }

  async key(key: string): Promise<void> {
    const c = this.#collect
    if (!c) return this.leg.ctx.keyIgnored(key)
    const { clock } = this.leg.ctx
    if (clock.now() < this.promptEnd) this.#bargeIn()
    if (key === c.terminationDigit) return this.#collected(key)
    c.digits += key
    if (c.maxDigits > 0 && c.digits.length >= c.maxDigits) return this.#collected()
    clock.clear(this.#timer)
    this.#timer = clock.setTimer(c.timeoutMs, 'digit timeout', () => this.#collected())
  }

  async speak(text: string, recognised: boolean): Promise<void> {
    const { ctx } = this.leg
    if (!this.#stream) return ctx.note('speech ignored: this PLAY collects digits only')
    const now = ctx.clock.now()
    // Barging in (the call came REACTION_MS into the prompt): heard until now, cut off then, as by a key.
    if (now < this.promptEnd) this.#bargeIn()
    ctx.clock.clear(this.#timer)
    this.#timer = undefined
    await ctx.advanceTo(now + speechMs(text))
    // Stopped while the caller spoke (a hang-up, voicemail detection): nothing to report.
    if (this.#over) return
    // STREAMED goes out as the caller stops speaking: a hang-up after that is due from here.
    ctx.callerDone?.()
    this.#end()
    const result = recognised ? { status: 'SUCCESS', text } : { status: 'FAILURE', error: BEHAVIOUR.speechErrors.notRecognised }
    await this.leg.send('STREAMED', { ...this.#parties(), transactionId: this.#txn, ...result })
  }

  stop(why: string): void {
    cutShort(this.leg.ctx, this, why)
    this.#end()
  }

  /** The prompt stops now; the input timeout then counts from now. */
  #bargeIn(): void {
    const { clock } = this.leg.ctx
    this.promptEnd = clock.now()
    clock.clear(this.#timer)
    this.#timer = clock.setTimer(this.#inputWait(), 'input timeout', () => this.#timedOut())
  }

  #inputWait(): number {
    return Math.min(this.#collect?.timeoutMs ?? Infinity, this.#stream?.timeoutMs ?? Infinity)
  }

  async #played(): Promise<void> {
    this.#end()
    await this.leg.send('PLAYED', { transactionId: this.#txn, status: 'SUCCESS', playedDuration: secs(this.promptEnd - this.#startedAt) })
  }

  async #timedOut(): Promise<void> {
    const c = this.#collect
    if (c && (!this.#stream || c.timeoutMs <= this.#stream.timeoutMs)) return this.#collected()
    this.#end()
    await this.leg.send('STREAMED', { ...this.#parties(), transactionId: this.#txn, status: 'FAILURE', error: BEHAVIOUR.speechErrors.timeout })
  }

  async #collected(terminationDigit?: string): Promise<void> {
    const at = this.leg.ctx.clock.now()
    this.#end()
    const digits = this.#collect!.digits
    await this.leg.send('COLLECTED_DIGITS', {
      transactionId: this.#txn,
      status: 'SUCCESS',
      numOfDigits: digits.length,
      digitsReceived: digits,
      ...(terminationDigit ? { terminationDigit } : {}),
      playedDuration: secs(Math.min(at, this.promptEnd) - this.#startedAt),
    })
  }

  #parties() {
    const { from, to } = this.leg.numbers()
    return { callerId: from, dialedNumber: to }
  }

  /** Over: no timer, not current, and what the caller heard is in the transcript. */
  #end(): void {
    this.#over = true
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
    recordHeard(this.leg.ctx, this.#items, this.promptEnd)
    this.#items = []
  }
}
