import type { CallContext, Listening, PartyBehaviour } from '../../../src/driver/index.js'
import type { WebexOptions } from '../behaviour.js'
import type { EventName } from '../schemas.js'

/** The call, as a media action sees it. */
export interface Leg {
  readonly ctx: CallContext
  readonly options: WebexOptions
  readonly sessionId: string
  numbers(): { from: string; to: string }
  party(number: string): PartyBehaviour
  /** Sends one event and executes the action the app answers with. */
  send(name: EventName, fields: Record<string, unknown>): Promise<void>
  /** `media` is over; it stops being the call's current media. */
  release(media: Media): void
  /** The number the next recording gets in its file name (1, 2, …). */
  nextRecordingNumber(): number
  /** Keeps a recording for the recordings API. */
  addRecording(recording: { durationSeconds: number; url: string }): void
}

/** What plays, listens or is bridged on the caller's leg: one PLAY, RECORD or PATCH at a time. */
export interface Media {
  readonly kind: 'play' | 'record' | 'patch'
  /** When the prompt ends (keys count from then unless they barge in); 0 when nothing plays. */
  readonly promptEnd: number
  /** A PATCH whose B-party is connected. */
  readonly bridged: boolean
  listening(): Listening | undefined
  key(key: string): Promise<void>
  /** The caller speaks, now: once the prompt is over, or barging in, into it (speechStartsAt). */
  speak(text: string, recognised: boolean): Promise<void>
  /** Stops with no event of its own (a hang-up, VMDETECTED, the app's HANGUP), noting what was heard. */
  stop(why: string): void
  /** The call dropped while this ran: send what the platform reports then (RECORD: RECORDED). */
  afterDrop?(): Promise<void>
}

export const secs = (ms: number): number => Math.max(0, Math.round(ms / 1000))
