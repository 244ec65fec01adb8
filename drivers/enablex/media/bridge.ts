import type { Listening, PartyBehaviour, Timer } from '../../../src/driver/index.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { Leg } from './types.js'

/**
 * The caller's leg bridged to another party (EnableX's Voice API Routes, Connect to Hold; its
 * bridge events): connect rings the B-party (`bridging`), then `bridged` or `failed`; transfer and
 * forward move the bridge to a new party; hold plays music to the caller; keys on the bridged call
 * are gathered into `dtmfcollected`.
 */
export class Bridge {
  readonly #from: string
  /** The party the caller talks to, or (forwarding) is about to. */
  #to: string
  #state: 'bridging' | 'bridged' = 'bridging'
  /** Music on hold plays to the caller (EnableX's Voice API Routes, Hold). */
  held = false
  #digits = ''
  /** Every timer of this bridge: the B-party ends them all by leaving. */
  readonly #timers: Timer[] = []
  #digitTimer: Timer | undefined

  /**
   * EnableX's Voice API Routes, Connect: the B-party's phone rings; it answers, is busy, or never
   * answers.
   */
  constructor(
    private readonly leg: Leg,
    from: string,
    to: string,
  ) {
    this.#from = from
    this.#to = to
    const { clock } = leg.ctx
    const behaviour = leg.party(to)
    if (behaviour === 'busy') {
      this.#timers.push(clock.setTimer(BEHAVIOUR.busyAfterMs, `${to} busy`, () => this.#failed(BEHAVIOUR.reasons.busy)))
      return
    }
    this.#timers.push(clock.setTimer(BEHAVIOUR.bridgeRingingAfterMs, `${to} ringing`, () => this.#event('bridging')))
    if (behaviour === 'no-answer') {
      this.#timers.push(clock.setTimer(BEHAVIOUR.noAnswerAfterMs, `${to} no answer`, () => this.#failed(BEHAVIOUR.reasons.noAnswer)))
      return
    }
    this.#timers.push(
      clock.setTimer(BEHAVIOUR.bridgeAnswerAfterMs, `${to} answers`, async () => {
        this.#state = 'bridged'
        this.#partyHangsUp(behaviour)
        await this.#event('bridged')
      }),
    )
  }

  /** The B-party is on the line (transfer, forward, hold and recording need it). */
  /** The number the caller talks to (the B-party, as the app wrote it). */
  get to(): string {
    return this.#to
  }

  /** The CLI the connect presented to the B-party: a transfer without its own from presents it too. */
  get from(): string {
    return this.#from
  }

  get bridged(): boolean {
    return this.#state === 'bridged'
  }

  listening(): Listening | undefined {
    return this.bridged ? { digits: true, speech: false, describe: 'keys on the bridged call (dtmfcollected)' } : undefined
  }

  /** A key on the bridged call: keys are gathered until a pause, then one `dtmfcollected`. */
  key(key: string): void {
    const { clock } = this.leg.ctx
    this.#digits += key
    clock.clear(this.#digitTimer)
    this.#digitTimer = clock.setTimer(BEHAVIOUR.interDigitTimeoutMs, 'dtmfcollected', async () => {
      const digit = this.#digits
      this.#digits = ''
      this.#digitTimer = undefined
      await this.leg.send({ state: 'dtmfcollected', digit })
    })
  }

  /**
   * EnableX's Voice API Routes, Transfer and Forward: the bridge moves to `to`; `initiated` as it
   * rings, then `success` or `failed`. [inferred]
   */
  transfer(route: 'transfer' | 'forward', from: string, to: string): void {
    const { ctx } = this.leg
    const { clock } = ctx
    const behaviour = this.leg.party(to)
    const progress = (status: string, disconnectReason?: string) => () => {
      const event: Record<string, unknown> = { state: route, status, from, to }
      if (disconnectReason !== undefined) event.disconnect_reason = disconnectReason
      return this.leg.send(event)
    }
    if (route === 'forward') {
      // Forward is blind: the present B-party leaves at once and the caller waits for the new one.
      ctx.note(`${this.#to} released (forward)`)
      this.leg.recordings.stop()
      this.#state = 'bridging'
      this.#to = to
    }
    this.#timers.push(clock.setTimer(BEHAVIOUR.bridgeRingingAfterMs, `${route} ringing`, progress('initiated')))
    if (behaviour === 'busy' || behaviour === 'no-answer') {
      const reason = behaviour === 'busy' ? BEHAVIOUR.reasons.busy : BEHAVIOUR.reasons.noAnswer
      const after = behaviour === 'busy' ? BEHAVIOUR.busyAfterMs : BEHAVIOUR.noAnswerAfterMs
      this.#timers.push(
        clock.setTimer(after, `${to} ${behaviour}`, async () => {
          // A failed forward leaves the caller alone; a failed transfer keeps the old bridge.
          if (route === 'forward') this.end()
          await progress('failed', reason)()
        }),
      )
    } else {
      this.#timers.push(
        clock.setTimer(BEHAVIOUR.bridgeAnswerAfterMs, `${to} answers`, async () => {
          if (route === 'transfer') ctx.note(`${this.#to} leaves; the caller now talks to ${to}`)
          this.#to = to
          this.#state = 'bridged'
          this.#partyHangsUp(behaviour)
          await progress('success')()
        }),
      )
    }
  }

  /**
   * EnableX's Voice API Routes, Hold: music on hold for the caller, or back to the B-party.
   * [inferred]
   */
  hold(on: boolean): void {
    const { ctx } = this.leg
    this.held = on
    if (on) ctx.heard({ kind: 'audio', text: 'music on hold' }, ctx.clock.now())
    ctx.clock.setTimer(0, on ? 'hold' : 'unhold', () => this.leg.send({ state: on ? 'hold' : 'unhold' }))
  }

  /** The B-party is gone: the caller is alone again, and the app decides what follows. */
  end(atCallEnd = false): void {
    const { clock } = this.leg.ctx
    for (const t of this.#timers) clock.clear(t)
    clock.clear(this.#digitTimer)
    this.leg.release(this)
    this.leg.recordings.stop(atCallEnd)
  }

  /** A B-party who hangs up after a while: `bridge_disconnected`. */
  #partyHangsUp(behaviour: PartyBehaviour): void {
    if (typeof behaviour !== 'object') return
    this.#timers.push(
      this.leg.ctx.clock.setTimer(behaviour.hangsUpAfterMs, `${this.#to} hangs up`, async () => {
        const from = this.#from
        const to = this.#to
        this.end()
        await this.leg.send({ state: 'bridge_disconnected', from, to })
      }),
    )
  }

  async #failed(reason: string): Promise<void> {
    this.end()
    await this.leg.send({ state: 'failed', from: this.#from, to: this.#to, disconnect_reason: reason })
  }

  #event(state: 'bridging' | 'bridged'): Promise<void> {
    return this.leg.send({ state, from: this.#from, to: this.#to })
  }
}
