import type { Listening, Timer } from '../../../src/driver/index.js'
import { callerSpeechMs } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { RecordAction, Recording } from '../schemas.js'
import type { Leg, Media } from './types.js'

/**
 * RECORD (named without parameters in Voxology's API reference, inferred): the caller is recorded
 * until any key or BEHAVIOUR.recordMaxMs; the recording (`{ name, id }`) goes into the next
 * callback, then the script goes on.
 */
export class Recorder implements Media {
  readonly promptEnd = undefined
  readonly #startedAt: number
  #timer?: Timer
  #over = false

  constructor(
    private readonly leg: Leg,
    private readonly action: RecordAction,
  ) {
    const { clock } = leg.ctx
    this.#startedAt = clock.now()
    this.#timer = clock.setTimer(BEHAVIOUR.recordMaxMs, 'RECORD limit', () => this.#recorded())
  }

  listening(): Listening {
    return { digits: true, speech: true, describe: 'a RECORD (speech, or any key to stop)' }
  }

  key(key: string): void {
    this.#recorded(key)
  }

  async speak(text: string): Promise<void> {
    const { ctx } = this.leg
    await ctx.advanceTo(ctx.clock.now() + callerSpeechMs(text))
    if (!this.#over) ctx.note(`${JSON.stringify(text)} goes into the recording`)
  }

  /** A recording in progress when the call ends is kept, and reported in the final callback. [inferred] */
  stop(): void {
    this.#end()
    this.leg.recorded(this.#recording())
  }

  #recorded(key?: string): void {
    const { ctx } = this.leg
    this.#end()
    const recording = this.#recording()
    this.leg.recorded(recording)
    const secs = ((ctx.clock.now() - this.#startedAt) / 1000).toFixed(1)
    const name = this.action.name ? ` "${this.action.name}"` : ''
    ctx.note(`RECORD${name} → recording ${recording.id}, ${secs} s${key ? ` (key ${key} stopped it)` : ''}`)
    this.leg.next()
  }

  /** A new recording with a random id, named as the RECORD is. */
  #recording(): Recording {
    const id = this.leg.ctx.random.string.alphanumeric({ length: 12, casing: 'upper' })
    const { name } = this.action
    return name ? { name, id } : { id }
  }

  #end(): void {
    this.#over = true
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
  }
}
