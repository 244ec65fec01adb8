import type { CallContext, Listening, PartyBehaviour } from '../../../src/driver/index.js'
import type { AudioFiles } from '../audio.js'
import type { EightByEightOptions } from '../behaviour.js'
import type { SessionError } from '../codes.js'
import type { Legs } from '../legs.js'
import type { Leg } from '../payloads.js'
import type { VcsWebhook, VssWebhook } from '../schemas.js'

export type SessionStatus = VssWebhook['payload']['sessionStatus']
export type SessionEnd = { by: 'caller' | 'app' | 'callee' | 'platform' | 'network'; reason: string; answered?: true }

/** The session, as a callflow action sees it. */
export interface Session {
  readonly ctx: CallContext
  readonly options: EightByEightOptions
  readonly legs: Legs
  readonly files: AudioFiles

  /** `media` is what leg A hears (or is connected to) from now on. */
  use(media: Media): void
  /** `media` is over; it stops being what leg A hears. */
  release(media: Media): void
  isCurrent(media: Media): boolean

  /** Starts the next action of the running callflow (or asks the app for more when it has run out). */
  runNext(): Promise<void>
  /** The result of the callflow's sayAndCapture (null: nothing valid), reported when the callflow runs out. */
  captured(dtmf: string | null): void

  /** How the person on a dialled number behaves: the test's callee for leg A, else the test's party. */
  partyAt(destination: string, callee: boolean): PartyBehaviour
  /** VCS for one leg, when configured. */
  callStatus(leg: Leg, callStatus: VcsWebhook['payload']['callStatus']): Promise<void>
  /** Outbound: the first makeCall rings the person. */
  dialing(): void
  /** Outbound: the person answered, so the session is live; false if it ended instead (validUntil passed). */
  calleeAnswered(): Promise<boolean>

  isOver(): boolean
  /** Ends the session: every leg is disconnected, the last webhooks go out. */
  finish(end: SessionEnd, status: SessionStatus): void
  /**
   * Ends the session in ERROR with a documented session error (8x8's session error codes);
   * `thrown`, when given, is the failure reported instead of the default one.
   */
  sessionError(error: SessionError, cause: string, thrown?: Error): Promise<void>
}

/**
 * What leg A hears or does right now: a say or playFile, a sayAndCapture, a makeCall ringing, or
 * the bridge to leg B. One at a time; each owns its timers and notes what the caller heard.
 */
export interface Media {
  readonly kind: 'play' | 'capture' | 'ringing' | 'bridged'
  /** When the prompt ends (keys count from then unless they barge in); 0 when nothing plays. */
  readonly promptEnd: number
  listening(): Listening | undefined
  key(key: string): Promise<void>
  /** Stops with nothing more to do (the session ended), noting what was heard. */
  stop(why: string): void
}

/** A key no media takes. */
export function ignoreKey(ctx: CallContext, key: string): void {
  ctx.note(`key ${key} ignored: nothing is capturing digits`)
}
