import type { Listening, Timer } from '../../../src/driver/index.js'
import { speechStartsAt } from '../../../src/driver/index.js'
import { emptyPromptWords, planPrompt, speechMs, type PromptPlan } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { PlayRequest } from '../schemas.js'
import type { Leg } from './types.js'

/**
 * A play (EnableX's Voice API Routes, Play; EnableX's play and voice-menu events; EnableX's speech
 * recognition events): a prompt on the caller's leg and `playfinished` when it ends (or a key or
 * speech cuts it); with `dtmf` or `asr` it then waits for input: `digitcollected`, `menutimeout` or
 * a speech result. The play is pending (6114) until its last event.
 */
export class Play {
  readonly plan: PromptPlan
  readonly #ref: string | undefined
  readonly #startedAt: number
  #promptEnd: number
  /** `playfinished` has been sent: the prompt is over (it may still wait for input). */
  #finished = false
  readonly #interrupt: boolean
  readonly #dtmf: { digits: string } | undefined
  readonly #asr: { startTimeoutMs: number; recognizerTimeoutMs: number; speaking: boolean } | undefined
  #timer: Timer | undefined
  /** No longer the call's play: input that was waiting for it is ignored. */
  #over = false

  constructor(
    private readonly leg: Leg,
    play: PlayRequest,
  ) {
    const { clock } = leg.ctx
    const now = clock.now()
    this.plan = planPrompt(play, leg.options.promptDurationsMs)
    if (!this.plan.prompt) leg.ctx.note(`play with ${emptyPromptWords(play)}`)
    this.#ref = play.prompt_ref === undefined ? undefined : String(play.prompt_ref)
    this.#startedAt = now
    this.#promptEnd = now + this.plan.ms
    this.#interrupt = play.interrupt !== false
    this.#dtmf = play.dtmf ? { digits: '' } : undefined
    this.#asr = play.asr
      ? {
          startTimeoutMs: (play.start_timeout ?? BEHAVIOUR.startTimeoutS) * 1000,
          recognizerTimeoutMs: (play.recognizer_timeout ?? BEHAVIOUR.recognizerTimeoutS) * 1000,
          speaking: false,
        }
      : undefined
    this.#timer = clock.setTimer(this.plan.ms, 'playfinished', () => this.#promptDone(false))
  }

  /** A DTMF menu: keys go to this play. */
  get takesDigits(): boolean {
    return this.#dtmf !== undefined
  }

  /** Speech recognition: what the caller says goes to this play. */
  get takesSpeech(): boolean {
    return this.#asr !== undefined
  }

  /** When the prompt ends while it still plays (keys come after it unless they barge in); 0 once it is over. */
  get playingUntil(): number {
    return this.#finished ? 0 : this.#promptEnd
  }

  listening(): Listening | undefined {
    // Recognising what the caller said (the utterance, then recognizer_timeout): no listening
    // point until its result, and what the app does with it. Listed as the keys alone, it was a new
    // point, and untilListening() after say() returned before the result reached the app: every
    // word the explorer tried at a menu of keys and speech led "back to the menu" (audit h212).
    if (this.#asr?.speaking) return undefined
    const dtmf = this.#dtmf
    const speech = this.#asr !== undefined && !this.#asr.speaking
    if (!dtmf && !speech) return undefined
    const parts = []
    if (dtmf) parts.push(`digits (dtmf menu${this.#ref !== undefined ? ` ${JSON.stringify(this.#ref)}` : ''}, ${BEHAVIOUR.menuTimeoutMs / 1000} s timeout)`)
    if (speech) parts.push(`speech (asr, start_timeout ${this.#asr!.startTimeoutMs / 1000} s)`)
    return { digits: !!dtmf, speech, describe: parts.join(' and '), ...(dtmf?.digits ? { entered: dtmf.digits } : {}) }
  }

  /** A key for the menu: it cuts the prompt (unless `interrupt: false`); keys are gathered until a pause. */
  async key(key: string): Promise<void> {
    const { ctx } = this.leg
    if (!this.#finished) {
      if (!this.#interrupt) return ctx.note(`key ${key} ignored: the prompt plays with interrupt: false`)
      await this.#promptDone(true)
      if (this.#over) return
    }
    // vendor.menuTerminator: the caller's key ends entry now and is not reported (BEHAVIOUR.interDigitTimeoutMs).
    if (key === this.leg.options.menuTerminator) {
      ctx.note(`${key} ends the menu's entry (vendor.menuTerminator)`)
      return this.#digitsCollected()
    }
    this.#dtmf!.digits += key
    ctx.clock.clear(this.#timer)
    this.#timer = ctx.clock.setTimer(BEHAVIOUR.interDigitTimeoutMs, 'digitcollected', () => this.#digitsCollected())
  }

  /** The caller speaks, after the prompt or barging in; the result follows the utterance and recognizer_timeout. */
  async speak(text: string, recognised: boolean, bargeIn: boolean, label: string): Promise<void> {
    const { ctx } = this.leg
    const asr = this.#asr!
    // Barging in, REACTION_MS into the prompt, as a first key: the caller hears it until then.
    const at = speechStartsAt(ctx.clock.now(), this.playingUntil, bargeIn)
    ctx.caller(label, at)
    await ctx.advanceTo(at)
    if (bargeIn && !this.#finished) {
      if (!this.#interrupt) return ctx.note('speech ignored: the prompt plays with interrupt: false')
      await this.#promptDone(true)
    }
    if (this.#over) return ctx.note('speech ignored: the prompt it was meant for has ended')
    ctx.clock.clear(this.#timer)
    asr.speaking = true
    const result = recognised
      ? { state: 'recognized', text, reason: BEHAVIOUR.speechReasons.recognized, playstate: 'speech_recognized' }
      : { state: 'unrecognized', reason: BEHAVIOUR.speechReasons.unrecognized }
    this.#timer = ctx.clock.setTimer(speechMs(text) + asr.recognizerTimeoutMs, result.state, () => this.#speechResult(result))
  }

  /** Stops with no event of its own (a hang-up, a bridge, the app's DELETE), noting what was heard. */
  stop(why: string): void {
    if (!this.#finished) {
      const { ctx } = this.leg
      const now = ctx.clock.now()
      ctx.note(`prompt cut off: ${why}`)
      if (this.plan.prompt) ctx.heard(this.plan.prompt, this.#startedAt, now < this.#promptEnd ? now - this.#startedAt : undefined)
    }
    this.#end()
  }

  /** The prompt ended (or a key cut it): `playfinished`; a menu then waits for input. */
  async #promptDone(cut: boolean): Promise<void> {
    if (this.#finished) return
    const { ctx } = this.leg
    const now = ctx.clock.now()
    ctx.clock.clear(this.#timer)
    this.#timer = undefined
    this.#finished = true
    this.#promptEnd = Math.min(this.#promptEnd, now)
    if (this.plan.prompt) ctx.heard(this.plan.prompt, this.#startedAt, cut ? now - this.#startedAt : undefined)
    const dtmf = this.#dtmf
    const asr = this.#asr
    if (!dtmf && !asr) {
      this.#end()
    } else if (!dtmf?.digits && !asr?.speaking) {
      // Silence: whichever timeout is shorter ends the wait (the menu wins a tie).
      const menu = dtmf ? BEHAVIOUR.menuTimeoutMs : Infinity
      const speech = asr ? asr.startTimeoutMs : Infinity
      this.#timer = ctx.clock.setTimer(Math.min(menu, speech), menu <= speech ? 'menutimeout' : 'speech timeout', () =>
        menu <= speech ? this.#menuTimeout() : this.#speechResult({ state: 'timeout', reason: BEHAVIOUR.speechReasons.timeout }),
      )
    }
    await this.leg.send(this.#event({ playstate: 'playfinished' }))
  }

  async #menuTimeout(): Promise<void> {
    this.#end()
    await this.leg.send(this.#event({ playstate: 'menutimeout' }))
  }

  async #digitsCollected(): Promise<void> {
    this.#end()
    const { digits } = this.#dtmf!
    const keys = [...new Set(digits.replace(/[0-9]/g, ''))]
    // [inferred] EnableX documents no terminator (its play request names none), so # and * are
    // reported as pressed: said where it happens, as the app's flow may read it the other way.
    if (keys.length && this.leg.options.menuTerminator === undefined) {
      this.leg.ctx.note(
        `digitcollected reports ${keys.join(' and ')} as pressed (${JSON.stringify(digits)}): EnableX documents no terminator key for a dtmf play (its play request names none), ` +
          `so keeping ${keys.length > 1 ? 'them' : 'it'} is callspec's inference; vendor: { menuTerminator: '${keys[0]}' } ends entry on ${keys[0]} and leaves it out`,
      )
    }
    const fields: Record<string, unknown> = { playstate: 'digitcollected' }
    // `digit` and `digits`: the sources disagree on the name (BEHAVIOUR.digitcollectedKeys).
    for (const key of BEHAVIOUR.digitcollectedKeys) fields[key] = this.#dtmf!.digits
    await this.leg.send(this.#event(fields))
  }

  async #speechResult(fields: Record<string, unknown>): Promise<void> {
    this.#end()
    await this.leg.send(this.#event(fields))
  }

  /** A play event: the parties, `fields`, and the app's prompt_ref. Built key by key: it runs every turn. */
  #event(fields: Record<string, unknown>): Record<string, unknown> {
    const { from, to } = this.leg.parties()
    const event: Record<string, unknown> = { from, to }
    for (const key in fields) event[key] = fields[key]
    if (this.#ref !== undefined) event.prompt_ref = this.#ref
    return event
  }

  /** Over: no timer, and no longer the call's play. */
  #end(): void {
    this.leg.ctx.clock.clear(this.#timer)
    this.#timer = undefined
    this.#over = true
    this.leg.release(this)
  }
}
