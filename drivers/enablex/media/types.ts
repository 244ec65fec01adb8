import type { CallContext, PartyBehaviour } from '../../../src/driver/index.js'
import type { EnableXOptions } from '../behaviour.js'
import type { Bridge } from './bridge.js'
import type { Play } from './play.js'
import type { Recordings } from './recordings.js'

/** The call, as a play, a bridge or a recording sees it. */
export interface Leg {
  readonly ctx: CallContext
  readonly voiceId: string
  readonly options: EnableXOptions
  /** The bridge recordings of this call (a bridge that ends stops the one running). */
  readonly recordings: Recordings
  /** Posts one event to the app's event URL; its answer must be a 2xx. */
  send(fields: Record<string, unknown>): Promise<void>
  /** The call's numbers as events carry them. */
  parties(): { from: string; to: string }
  /** How the party at `number` behaves when called (connect, transfer, forward). */
  party(number: string): PartyBehaviour
  /** `media` is over: it stops being the call's play or bridge. */
  release(media: Play | Bridge): void
}
