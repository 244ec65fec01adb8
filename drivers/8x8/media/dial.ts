import type { PartyBehaviour, Timer } from '../../../src/driver/index.js'
import { BEHAVIOUR } from '../behaviour.js'
import { toE164 } from '../check-callflow.js'
import { SESSION_ERROR } from '../codes.js'
import { personOn } from '../legs.js'
import type { Leg } from '../payloads.js'
import type { MakeCallAction } from '../schemas.js'
import { ignoreKey, type Media, type Session } from './types.js'

/**
 * makeCall (8x8's makeCall reference): dials a new leg. The first one is the person of an outbound
 * session (callA); a second one is bridged to callA once it answers (callB). A number without
 * coverage ends the session (-2004); busy or no answer ends it with that status.
 */
export async function makeCall(session: Session, action: MakeCallAction): Promise<void> {
  const { ctx, legs, options } = session
  const first = legs.count === 0
  const source = toE164(action.params.source)
  const destination = toE164(action.params.destination)
  const leg = legs.add('OUTBOUND', source, destination)
  // Not simulated (audit-112 F4): the note says so, so a reader does not look for a recording.
  if (action.params.callRecording) ctx.note('call recording on (callRecording): not simulated, no recording is made and the recording routes answer 404')
  const uncovered = (options.uncoveredPrefixes ?? []).find((p) => destination.slice(1).startsWith(p.replace(/^\+/, '')))
  if (uncovered !== undefined) {
    leg.sipCode = BEHAVIOUR.sip.error
    return session.sessionError(SESSION_ERROR.noCoverage, `${destination} is in an area without coverage (vendor.uncoveredPrefixes: ${uncovered})`)
  }
  if (first) session.dialing()
  await session.callStatus(leg, 'CALL_INITIATED')
  session.use(new Ringing(session, leg, session.partyAt(destination, first), first))
}

/** A dialled leg ringing: it answers after ringMs, or is busy, or is not answered. */
class Ringing implements Media {
  readonly kind = 'ringing'
  readonly promptEnd = 0
  readonly #timer: Timer

  constructor(
    private readonly session: Session,
    private readonly leg: Leg,
    behaviour: PartyBehaviour,
    private readonly first: boolean,
  ) {
    const { clock } = session.ctx
    const { destination } = leg
    if (behaviour === 'busy' || behaviour === 'no-answer') {
      const busy = behaviour === 'busy'
      this.#timer = clock.setTimer(busy ? BEHAVIOUR.busyAfterMs : BEHAVIOUR.noAnswerAfterMs, `${destination} ${behaviour}`, () =>
        this.#notAnswered(busy ? 'BUSY' : 'NO_ANSWER'),
      )
      return
    }
    this.#timer = clock.setTimer(BEHAVIOUR.ringMs, `${destination} answers`, () => this.#answered(behaviour))
  }

  listening(): undefined {
    return undefined
  }

  async key(key: string): Promise<void> {
    ignoreKey(this.session.ctx, key)
  }

  stop(): void {
    this.session.ctx.clock.clear(this.#timer)
    this.session.release(this)
  }

  /** Leg A answered: the session goes live. Leg B answered: it is bridged to leg A. Either way the callflow goes on. */
  async #answered(behaviour: PartyBehaviour): Promise<void> {
    const { session, leg } = this
    const { ctx } = session
    leg.connectedAt = ctx.clock.now()
    leg.sipCode = BEHAVIOUR.sip.answered
    this.session.release(this)
    if (behaviour === 'voicemail') ctx.note(`voicemail picks up at ${leg.destination}`)
    if (typeof behaviour === 'object') {
      const label = `${leg.destination} hangs up`
      const first = this.first
      // The party hangs up when they mean to, whatever answer the app still holds (a VCA after the
      // callflow ran out, this leg's CALL_CONNECTED): overHeldAnswer. [inferred] 8x8 documents no
      // wait on an answer before a leg's disconnection; a person's hang-up waits on nothing.
      // Measured before: a callee due to hang up 1 s after answering, while the app held the VCA
      // 3 s, hung up at 3 s, and the late say ran.
      ctx.clock.setTimer(behaviour.hangsUpAfterMs, label, () => partyHungUp(session, leg, first), true)
    }
    await session.callStatus(leg, 'CALL_CONNECTED')
    if (this.first) {
      if (!(await session.calleeAnswered())) return
    } else {
      session.use(new Bridge(session, leg))
      ctx.note(`${leg.destination} answers: bridged to ${personOn(session.legs.a!)}`)
    }
    await session.runNext()
  }

  /**
   * A dialled leg was busy or did not answer: the session ends with that status (8x8's Voice
   * Session Summary webhook guide sample, 8x8's IVR and voice messaging guides).
   */
  async #notAnswered(status: 'BUSY' | 'NO_ANSWER'): Promise<void> {
    const { leg } = this
    leg.status = status
    leg.sipCode = status === 'BUSY' ? BEHAVIOUR.sip.busy : BEHAVIOUR.sip.noAnswer
    const what = status === 'BUSY' ? 'busy' : 'no answer'
    this.session.finish(
      this.first ? { by: 'callee', reason: status === 'BUSY' ? 'line busy' : 'no answer' } : { by: 'platform', reason: `${leg.destination}: ${what}` },
      status,
    )
  }
}

/**
 * The other party of a bridge (or an outbound callee) hangs up: every leg ends. [inferred] An
 * outbound call's callee (`first`) is the person the test plays, as a caller is: their hang-up is
 * not the app's (`answered`: expectHangup fails); a bridged party's ends the caller's leg, which the
 * platform does.
 */
async function partyHungUp(session: Session, leg: Leg, first: boolean): Promise<void> {
  if (session.isOver() || leg.disconnectedAt !== undefined) return
  session.finish({ by: 'callee', reason: `${leg.destination} hung up`, ...(first ? { answered: true as const } : {}) }, 'COMPLETED')
}

/** Leg A and leg B talk: keys go through to B, and a callflow that runs out does not ask the app for more. */
export class Bridge implements Media {
  readonly kind = 'bridged'
  readonly promptEnd = 0

  constructor(
    private readonly session: Session,
    private readonly leg: Leg,
  ) {}

  listening(): undefined {
    return undefined
  }

  /** The party the caller talks to: a step waiting for more says so (EightByEightCall.connectedTo). */
  get party(): string {
    return this.leg.destination
  }

  async key(key: string): Promise<void> {
    this.session.ctx.note(`key ${key} goes through to ${this.leg.destination}`)
  }

  stop(): void {
    this.session.release(this)
  }
}
