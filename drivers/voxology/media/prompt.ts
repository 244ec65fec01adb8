import type { Listening, Prompt, Timer } from '../../../src/driver/index.js'
import { cutShort, recordHeard } from '../../../src/driver/index.js'
import { schedule, type Scheduled } from '../audio.js'
import type { Leg, Media } from './types.js'

/**
 * SAY and PLAY (Voxology's SAY reference; Voxology's PLAY tutorial sample): the prompts play end to
 * end, then the script goes on. Nothing listens meanwhile: keys and speech are ignored (only a
 * COLLECT takes keys).
 */
export class PromptPlayback implements Media {
  #items: Scheduled[]
  promptEnd: number
  #timer?: Timer
  #over = false

  constructor(
    private readonly leg: Leg,
    prompts: Prompt[],
  ) {
    const { clock } = leg.ctx
    this.#items = schedule(prompts, clock.now(), leg.options.audioDurationsMs)
    this.promptEnd = this.#items.at(-1)!.end
    this.#timer = clock.setTimer(this.promptEnd - clock.now(), 'prompt ends', () => this.#played())
  }

  listening(): Listening | undefined {
    return undefined
  }

  stop(why: string): void {
    cutShort(this.leg.ctx, this, why)
    this.#end()
  }

  #played(): void {
    if (this.#over) return
    this.#end()
    this.leg.next()
  }

  /** Over: no timer, not on the line, and what the caller heard is in the transcript. */
  #end(): void {
    this.#over = true
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
    recordHeard(this.leg.ctx, this.#items, this.promptEnd)
    this.#items = []
  }
}
