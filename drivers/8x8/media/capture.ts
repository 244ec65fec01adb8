import type { Listening, Timer } from '../../../src/driver/index.js'
import { cutShort, recordHeard } from '../../../src/driver/index.js'
import { repeat, speech, ttsMs, type Scheduled } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { SayAndCaptureAction } from '../schemas.js'
import { ignoreKey, type Media, type Session } from './types.js'

/**
 * sayAndCapture (8x8's sayAndCapture reference): a prompt, then digits, with tries and success or
 * failure messages.
 */
export function sayAndCapture(session: Session, action: SayAndCaptureAction): void {
  noteDefaults(session, action)
  new Capture(session, action).prompt()
}

/**
 * The defaults a capture relies on where 8x8's sources disagree (guide: maxDigits 25, overallTimeout
 * 30000, noOfTries 3; OpenAPI: 1, 5000, 1): callspec applies the guide's (BEHAVIOUR.capture) and the
 * transcript says so, with the OpenAPI's, so a capture that passes only under the guide's is seen.
 */
function noteDefaults(session: Session, { params }: SayAndCaptureAction): void {
  const guide = BEHAVIOUR.capture
  const openApi = BEHAVIOUR.captureOpenApi
  const relied = [
    params.maxDigits === undefined && `maxDigits ${guide.maxDigits} (OpenAPI: ${openApi.maxDigits})`,
    params.overallTimeout === undefined && `overallTimeout ${guide.overallTimeoutMs} (OpenAPI: ${openApi.overallTimeoutMs})`,
    params.noOfTries === undefined && `noOfTries ${guide.noOfTries} (OpenAPI: ${openApi.noOfTries})`,
  ].filter(Boolean)
  if (relied.length === 0) return
  session.ctx.note(
    `sayAndCapture sets no ${relied.map((r) => (r as string).split(' ')[0]).join(', ')}: callspec applies the guide's default, ${relied.join(', ')}. 8x8's guide and OpenAPI give different defaults, and which the platform applies is not documented: set them to be sure`,
  )
}

/**
 * A sayAndCapture in progress: its prompt, the digits so far and the try it is on. Entry ends on
 * `#` (completeOnHash), at maxDigits (completeOnHash false), or when a timeout runs out: the overall
 * one, counted from the end of the prompt, or the one between keys (digitTimeout).
 */
class Capture implements Media {
  readonly kind = 'capture'
  readonly #min: number
  readonly #max: number
  readonly #onHash: boolean
  readonly #digitTimeoutMs?: number
  readonly #overallTimeoutMs: number
  readonly #tries: number
  #attempt = 1
  #digits = ''
  /**
   * 'prompt' and 'listening' take keys; 'message' plays the success or failure message; 'over':
   * entry has ended and no message plays (the callflow goes on, or the VCA its end brings is out).
   */
  #stage: 'prompt' | 'listening' | 'message' | 'over' = 'prompt'
  #items: Scheduled[] = []
  promptEnd = 0
  /** When the overall timeout runs out (virtual ms). */
  #deadline = 0
  #timer?: Timer

  constructor(
    private readonly session: Session,
    private readonly action: SayAndCaptureAction,
  ) {
    const p = action.params
    const d = BEHAVIOUR.capture
    this.#max = p.maxDigits ?? d.maxDigits
    // A minDigits above maxDigits (allowed at warn, rule 8x8/max-digits-below-min) is read as maxDigits: that many
    // digits are enough. [inferred] No entry could meet both bounds as written.
    this.#min = Math.min(p.minDigits ?? d.minDigits, this.#max)
    this.#onHash = p.completeOnHash ?? d.completeOnHash
    this.#digitTimeoutMs = p.digitTimeout
    this.#overallTimeoutMs = p.overallTimeout ?? d.overallTimeoutMs
    this.#tries = p.noOfTries ?? d.noOfTries
  }

  /** Plays (or replays) the prompt; the overall timeout counts from its end. */
  prompt(): void {
    const { promptMessage, speed, repetition } = this.action.params
    const { clock } = this.session.ctx
    const now = clock.now()
    // Allowed at warn: an empty prompt (rule 8x8/empty-text) says nothing; a repetition under 1 or
    // not an integer (8x8/capture-repetition) plays once.
    const asked = typeof repetition === 'number' && Number.isInteger(repetition) ? Math.max(1, repetition) : 1
    const ms = ttsMs(promptMessage, speed)
    // Only the repeats that start before the call's virtual limit: they are all a caller can hear,
    // and laying 1e20 of them ran the test process out of memory (h196).
    const times = Math.min(asked, Math.ceil(this.session.ctx.limits.maxVirtualMs / Math.max(1, ms)) + 1)
    this.#items = promptMessage === '' ? [] : repeat(speech(promptMessage), ms, times, now)
    this.promptEnd = this.#items.at(-1)?.end ?? now
    this.#deadline = this.promptEnd + this.#overallTimeoutMs
    this.#digits = ''
    this.#stage = 'prompt'
    this.session.use(this)
    this.#timer = clock.setTimer(this.#deadline - now, 'capture timeout', () => this.#entryEnded('timeout'))
  }

  listening(): Listening | undefined {
    if (this.#stage === 'message' || this.#stage === 'over') return undefined
    const parts = [
      `${this.#min}–${this.#max} digits`,
      this.#onHash ? '# ends' : '',
      `${this.#overallTimeoutMs / 1000} s overall`,
      this.#digitTimeoutMs ? `${this.#digitTimeoutMs / 1000} s between keys` : '',
      `try ${this.#attempt} of ${this.#tries}`,
    ]
    return { digits: true, speech: false, describe: `digits (${parts.filter(Boolean).join(', ')})`, maxDigits: this.#max, terminator: this.#onHash ? '#' : undefined, ...(this.#digits ? { entered: this.#digits } : {}) }
  }

  async key(key: string): Promise<void> {
    const { ctx } = this.session
    if (this.#stage === 'message' || this.#stage === 'over') return ignoreKey(ctx, key)
    const now = ctx.clock.now()
    if (now < this.promptEnd) this.#bargeIn(now)
    this.#stage = 'listening'
    if (key === '#' && this.#onHash) return this.#entryEnded('hash')
    this.#digits += key
    if (this.#endsAtMax() && this.#digits.length >= this.#max) return this.#entryEnded('maxDigits')
    ctx.clock.clear(this.#timer)
    const next = this.#digitTimeoutMs === undefined ? this.#deadline : Math.min(this.#deadline, now + this.#digitTimeoutMs)
    this.#timer = ctx.clock.setTimer(next - now, next === this.#deadline ? 'capture timeout' : 'digit timeout', () => this.#entryEnded('timeout'))
  }

  /**
   * Whether entry ends on reaching maxDigits: only with completeOnHash false. [inferred] 8x8
   * contrasts the two modes, "true: `#` ends entry and triggers validation. false: entry ends when
   * `maxDigits` reached", and plays failureMessage on a "digit count out of range": with `#` on,
   * keys past maxDigits are collected, and the count is checked when `#` or a timeout ends entry.
   */
  #endsAtMax(): boolean {
    return !this.#onHash
  }

  stop(why: string): void {
    cutShort(this.session.ctx, this, why)
    this.#end()
  }

  /** A key during the prompt stops it; the overall timeout then counts from now. [inferred] */
  #bargeIn(now: number): void {
    this.promptEnd = now
    this.#deadline = now + this.#overallTimeoutMs
    this.#heard()
  }

  /**
   * Entry is over (#, maxDigits, or a timeout): in range → success message; out of range → the
   * failure message and another try, or after the last try a null result. Either way the result
   * waits for the callflow to run out (so a hangup right after it loses the digits, -1012).
   */
  async #entryEnded(why: 'hash' | 'maxDigits' | 'timeout'): Promise<void> {
    const { session } = this
    const { ctx } = session
    if (!session.isCurrent(this)) return
    // Entry is over: a key pressed from here on (while the VCA its end brings waits for the app's
    // answer) is not this capture's. [inferred] Taken before, it ended entry a second time.
    this.#stage = 'over'
    ctx.clock.clear(this.#timer)
    this.#heard()
    const digits = this.#digits
    const ok = digits.length >= this.#min && digits.length <= this.#max
    if (why === 'timeout') ctx.note(`${digits.length === 0 ? 'no digits' : `${JSON.stringify(digits)} then nothing`} before the timeout`)
    const { successMessage, failureMessage } = this.action.params
    if (ok) {
      session.captured(digits)
      return this.#message(successMessage, () => session.runNext())
    }
    const again = this.#attempt < this.#tries
    if (!again) session.captured(null)
    ctx.note(`invalid input ${JSON.stringify(digits)} (try ${this.#attempt} of ${this.#tries})`)
    return this.#message(failureMessage, async () => {
      if (!again) return session.runNext()
      this.#attempt += 1
      this.prompt()
    })
  }

  /**
   * Plays the success or failure message (if any), then continues. With no message the capture
   * stays what leg A hears until the next action replaces it.
   */
  async #message(text: string | null | undefined, then: () => Promise<void>): Promise<void> {
    if (!text) return then()
    const { clock } = this.session.ctx
    const now = clock.now()
    this.#stage = 'message'
    this.#items = repeat(speech(text), ttsMs(text, this.action.params.speed), 1, now)
    this.promptEnd = this.#items.at(-1)!.end
    this.#timer = clock.setTimer(this.promptEnd - now, 'capture message ends', async () => {
      this.#heard()
      this.session.release(this)
      await then()
    })
  }

  /** Over: no timer, not current, and what the caller heard is in the transcript. */
  #end(): void {
    this.session.ctx.clock.clear(this.#timer)
    this.session.release(this)
    this.#heard()
  }

  /** What the caller heard of the current prompt or message, up to promptEnd, goes in the transcript. */
  #heard(): void {
    recordHeard(this.session.ctx, this.#items, this.promptEnd)
    this.#items = []
  }
}
