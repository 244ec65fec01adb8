import type { CallContext, CallSetup } from '../../src/driver/index.js'
import { BEHAVIOUR, type VoxologyOptions } from './behaviour.js'
import type { KeyPress, Recording } from './schemas.js'

/**
 * What the platform knows about one call: the facts its callbacks (the callback sample in
 * Voxology's Call Flow Loop docs) and its call log (the call log as a third-party README shows it;
 * Voxology documents none) report, and the variables scripts read (Voxology's Variables reference).
 * The call keeps it up to date.
 */
export class CallState {
  readonly callId: string
  readonly appId: string
  /** The SIP account in `sip_domain`. */
  readonly account: string
  readonly direction: 'inbound' | 'outbound'
  /** Remote party and our Voxology number; outbound: from the app's make-call request. */
  remote: string
  ours: string
  sessionData: Record<string, unknown> | null = null
  /** `$keyPresses`: the digits of the call's most recent COLLECT. */
  keyPresses = ''
  /** Results since the last callback: what the next callback reports. */
  keyPressesOut: KeyPress[] = []
  recordingsOut: Recording[] = []
  answeredAt: number | undefined
  endedAt: number | undefined
  endStatus: string = BEHAVIOUR.status.completed
  /** The log's `hangup_end`: who ended the call, once it has ended. */
  hangupEnd: string | null = null
  detection: string = BEHAVIOUR.detection.person

  constructor(
    ctx: CallContext,
    parties: CallSetup<VoxologyOptions>['parties'],
    readonly options: VoxologyOptions,
  ) {
    this.callId = ctx.uuid()
    this.appId = options.appId ?? ctx.uuid()
    this.account = `${ctx.random.string.numeric(4)}-${ctx.random.string.numeric(5)}`
    this.direction = parties.direction
    const inbound = parties.direction === 'inbound'
    this.remote = inbound ? parties.from : parties.to
    this.ours = inbound ? parties.to : parties.from
  }

  /** `$keyPresses`, `$sessionData`, `$callTime` (ms since the answer) at `now`. */
  variables(now: number): Record<string, unknown> {
    const callTime = this.answeredAt === undefined ? 0 : now - this.answeredAt
    return { keyPresses: this.keyPresses, sessionData: this.sessionData, callTime }
  }

  /**
   * SESSIONDATA, DIAL: a shallow merge into the session data (Voxology's SESSIONDATA reference
   * [inferred]), as a new object.
   */
  mergeSessionData(data: Record<string, unknown>): Record<string, unknown> {
    // Key by key rather than object spread, a hot spot in profiles: scripts may merge on every turn.
    const merged: Record<string, unknown> = {}
    const before = this.sessionData
    if (before) for (const key in before) merged[key] = before[key]
    for (const key in data) merged[key] = data[key]
    this.sessionData = merged
    return merged
  }

  /** `reported` false: `$keyPresses` is set, but the next callback's key_presses gets no entry. */
  collected(press: KeyPress, reported = true): void {
    this.keyPresses = press.digits
    if (reported) this.keyPressesOut.push(press)
  }

  recorded(recording: Recording): void {
    this.recordingsOut.push(recording)
  }

  /** Results go into one callback only: the next one starts afresh. */
  reported(): void {
    this.keyPressesOut = []
    this.recordingsOut = []
  }
}
