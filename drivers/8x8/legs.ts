import type { CallContext } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { Leg } from './payloads.js'

/**
 * The call legs of one session, in the order they were set up: callA is the simulated person
 * (inbound: the caller; outbound: the callee), callB a number a second makeCall bridges in.
 */
export class Legs {
  readonly all: Leg[] = []

  constructor(private readonly ctx: CallContext) {}

  /** The person's leg; undefined before the first makeCall of an outbound session. */
  get a(): Leg | undefined {
    return this.all[0]
  }

  get count(): number {
    return this.all.length
  }

  add(direction: Leg['direction'], source: string, destination: string): Leg {
    const leg: Leg = {
      key: this.all.length === 0 ? 'callA' : 'callB',
      callId: this.ctx.uuid(),
      direction,
      source,
      destination,
      initiatedAt: this.ctx.clock.now(),
      sipCode: direction === 'INBOUND' ? BEHAVIOUR.sip.answered : 180,
    }
    this.all.push(leg)
    return leg
  }

  /**
   * The session ended at `now`: every leg still up is disconnected. A leg keeps a status it already
   * has (BUSY, FAILED, …); otherwise it ended in ERROR, was CANCELED while ringing, or COMPLETED.
   */
  disconnect(now: number, sessionError: boolean): void {
    for (const leg of this.all) {
      if (leg.disconnectedAt !== undefined) continue
      leg.disconnectedAt = now
      leg.status ??= sessionError ? 'ERROR' : leg.connectedAt === undefined ? 'CANCELED' : 'COMPLETED'
      if (leg.connectedAt === undefined && leg.status === 'CANCELED') leg.sipCode = BEHAVIOUR.sip.canceled
    }
  }
}

/** The number on the A leg that is not the app's: the person. */
export const personOn = (leg: Leg): string => (leg.direction === 'INBOUND' ? leg.source : leg.destination)
