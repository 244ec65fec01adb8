import type { Listening, Prompt, Timer } from '../../../src/driver/index.js'
import { cutShort, recordHeard } from '../../../src/driver/index.js'
import { schedule, type Scheduled } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { CollectAction } from '../schemas.js'
import type { Leg, Media } from './types.js'

/**
 * COLLECT (Voxology's COLLECT reference and tutorial): its nested prompts play, and digits are
 * collected until `finish_on_key`, `num_digits` or `timeout` ms without a key (counted from the end
 * of the prompts, then from each key). The digits become `$keyPresses` and go into the next
 * callback, then the script goes on.
 */
export class Collect implements Media {
  #items: Scheduled[]
  promptEnd: number
  #timer?: Timer
  #digits = ''
  readonly #maxDigits?: number
  readonly #finishKey?: string
  readonly #timeoutMs: number
  /** How it ended, once it has (`at its num_digits (6)`): said when keys of the same press come after it (call.ts). */
  endedHow: string | undefined

  constructor(
    private readonly leg: Leg,
    private readonly action: CollectAction,
    prompts: Prompt[],
  ) {
    const { clock } = leg.ctx
    const now = clock.now()
    this.#items = schedule(prompts, now, leg.options.audioDurationsMs)
    const key = action.params?.finish_on_key ?? BEHAVIOUR.defaultFinishKey
    this.promptEnd = this.#items.at(-1)?.end ?? now
    // Under 1 is no limit, as with no num_digits (rule voxology/action-bounds, inferred; action-checks.ts).
    const maxDigits = action.params?.num_digits
    this.#maxDigits = maxDigits !== undefined && maxDigits >= 1 ? maxDigits : undefined
    this.#finishKey = key === undefined ? undefined : finishKey(key)
    this.#timeoutMs = action.params?.timeout ?? BEHAVIOUR.collectTimeoutMs
    this.#timer = clock.setTimer(this.promptEnd + this.#timeoutMs - now, 'COLLECT timeout', () => this.#collected())
  }

  listening(): Listening {
    const bits = [this.#maxDigits && `max ${this.#maxDigits}`, this.#finishKey && `${this.#finishKey} ends`, `${this.#timeoutMs / 1000} s timeout`]
    return { digits: true, speech: false, describe: `digits for COLLECT${this.#name()} (${bits.filter(Boolean).join(', ')})`, maxDigits: this.#maxDigits, terminator: this.#finishKey, ...(this.#digits ? { entered: this.#digits } : {}) }
  }

  key(key: string): void {
    const { clock } = this.leg.ctx
    const now = clock.now()
    // A key during the prompts stops them (barge-in); the timeout then counts from the key.
    if (now < this.promptEnd) this.promptEnd = now
    if (this.#finishKey !== undefined && key === this.#finishKey) return this.#collected(key)
    this.#digits += key
    if (this.#maxDigits !== undefined && this.#digits.length >= this.#maxDigits) return this.#collected()
    clock.clear(this.#timer)
    this.#timer = clock.setTimer(this.#timeoutMs, 'COLLECT timeout', () => this.#collected())
  }

  stop(why: string): void {
    cutShort(this.leg.ctx, this, why)
    this.#end()
  }

  #collected(terminator?: string): void {
    this.#end()
    const digits = this.#digits
    const { name } = this.action
    // Nothing pressed before the timeout: what key_presses then holds is a vendor option (inferred).
    const reported = digits !== '' || terminator !== undefined || this.leg.options.collectTimeout !== 'no-entry'
    this.leg.collected(name ? { name, digits } : { digits }, reported)
    const full = this.#maxDigits !== undefined && digits.length >= this.#maxDigits
    const how = terminator ? `ended by ${terminator}` : full ? `${digits.length} digit(s)` : 'timeout'
    this.endedHow = terminator ? `by ${terminator} (its finish_on_key)` : full ? `at its num_digits (${this.#maxDigits})` : 'on its timeout'
    this.leg.ctx.note(`COLLECT${this.#name()} → $keyPresses = ${JSON.stringify(digits)} (${how})`)
    this.leg.next()
  }

  /** `COLLECT "rating"`, or `the COLLECT` / `the next COLLECT` (`next`) for an unnamed one. */
  label(next = false): string {
    return this.action.name ? `COLLECT "${this.action.name}"` : next ? 'the next COLLECT' : 'the COLLECT'
  }

  /** ` "rating"`, or nothing for an unnamed COLLECT. */
  #name(): string {
    return this.action.name ? ` "${this.action.name}"` : ''
  }

  /** Over: no timer, not on the line, and what the caller heard of the prompts is in the transcript. */
  #end(): void {
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
    recordHeard(this.leg.ctx, this.#items, this.promptEnd)
    this.#items = []
  }
}

/** The key `finish_on_key` names: a word callspec knows, one key as it is, else none (rule voxology/finish-on-key warned when the script was read). */
function finishKey(value: string): string | undefined {
  if (Object.hasOwn(BEHAVIOUR.finishKeyWords, value)) return BEHAVIOUR.finishKeyWords[value]
  return /^[0-9*#]$/.test(value) ? value : undefined
}
