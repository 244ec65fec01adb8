import type { Listening, Timer } from '../../../src/driver/index.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { Leg, Media } from './types.js'

/**
 * CONFERENCE and DIAL (Voxology's CONFERENCE reference; named without parameters in Voxology's API
 * reference): the caller is connected elsewhere and the script waits until they come back (the
 * conference ends, the dialled party hangs up, is busy or does not answer); then it goes on.
 * Nothing plays or listens meanwhile.
 */
export class Bridge implements Media {
  readonly promptEnd = undefined
  #timer?: Timer
  #over = false
  #party: string | undefined

  private constructor(private readonly leg: Leg) {}

  /** Nobody else is on the call to end the conference: the caller stays vendor.conferenceMs, then leaves. */
  static conference(leg: Leg, name: string): Bridge {
    const stay = leg.options.conferenceMs?.[name] ?? BEHAVIOUR.conferenceMs
    leg.ctx.note(`the caller joins conference "${name}" (stays ${stay / 1000} s: vendor.conferenceMs)`)
    return new Bridge(leg).#backAfter(stay, `the caller leaves conference "${name}"`)
  }

  /**
   * Rings `no` as the test says it behaves: busy or unanswered, the caller is back at once; answered,
   * the caller is connected until the party hangs up (withParty's hangsUpAfterMs) or the call ends.
   */
  static dial(leg: Leg, no: string, timeoutS: number | undefined): Bridge {
    const bridge = new Bridge(leg)
    const behaviour = leg.party(no)
    if (behaviour === 'busy') return bridge.#backAfter(BEHAVIOUR.busyAfterMs, `${no} is busy: the script goes on`)
    if (behaviour === 'no-answer') {
      const ringMs = (timeoutS ?? BEHAVIOUR.ringTimeoutS) * 1000
      return bridge.#backAfter(ringMs, `${no} did not answer within ${ringMs / 1000} s: the script goes on`)
    }
    bridge.#timer = leg.ctx.clock.setTimer(BEHAVIOUR.dialRingMs, `${no} answers`, () => {
      leg.ctx.note(`${behaviour === 'voicemail' ? `the voicemail of ${no}` : no} answered: the caller is connected`)
      bridge.#party = no
      if (typeof behaviour === 'object') bridge.#backAfter(behaviour.hangsUpAfterMs, `${no} hung up: the script goes on`)
    })
    return bridge
  }

  listening(): Listening | undefined {
    return undefined
  }

  /** The dialled number, once it answered and while the caller is with it. */
  connectedTo(): string | undefined {
    return this.#over ? undefined : this.#party
  }

  stop(): void {
    this.#end()
  }

  /** The caller comes back after `ms`: `why` goes in the transcript, and the script goes on. */
  #backAfter(ms: number, why: string): this {
    this.#timer = this.leg.ctx.clock.setTimer(ms, why, () => {
      this.leg.ctx.note(why)
      if (this.#over) return
      this.#end()
      this.leg.next()
    })
    return this
  }

  #end(): void {
    this.#over = true
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
  }
}
