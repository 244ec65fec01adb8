import type { CallContext, Listening, PartyBehaviour } from '../../../src/driver/index.js'
import type { VoxologyOptions } from '../behaviour.js'
import type { KeyPress, Recording } from '../schemas.js'

/** The call, as a media action sees it. */
export interface Leg {
  readonly ctx: CallContext
  readonly options: VoxologyOptions
  /** How the test says `number` behaves when a DIAL calls it. */
  party(number: string): PartyBehaviour
  /** `media` is over: it stops being what is on the line. */
  release(media: Media): void
  /** The script goes on after the action that waited. */
  next(): void
  /** A COLLECT's digits: `$keyPresses` from now on, and (when `reported`) one of the next callback's key_presses. */
  collected(press: KeyPress, reported?: boolean): void
  /** A RECORD's recording, for the next callback's recordings. */
  recorded(recording: Recording): void
}

/**
 * What plays, listens or is connected on the caller's line while the script waits: one prompt
 * (SAY, PLAY), COLLECT, RECORD or bridge (CONFERENCE, DIAL) at a time. It ends on its own (a
 * timer, the caller's keys) and then the script goes on, or the call ends under it (stop).
 */
export interface Media {
  /** When the prompt ends (keys come after it unless they barge in); undefined when nothing plays. */
  readonly promptEnd: number | undefined
  listening(): Listening | undefined
  /** The number the caller is connected to (a DIAL answered), if any. */
  connectedTo?(): string | undefined
  /** A key the caller pressed. Absent: nothing collects digits, the key is ignored. */
  key?(key: string): void
  /** The caller speaks. Absent: speech is ignored (Voxology listens for keys, except into a RECORD). */
  speak?(text: string): Promise<void>
  /** The call ended while this ran: it stops, and says what the caller heard of it. */
  stop(why: string): void
}
