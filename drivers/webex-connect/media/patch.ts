import type { Listening, Timer } from '../../../src/driver/index.js'
import { schedule } from '../audio.js'
import { BEHAVIOUR } from '../behaviour.js'
import type { PatchAction } from '../schemas.js'
import { secs, type Leg, type Media } from './types.js'

/**
 * PATCH (Webex Connect's PATCH action): the caller hears the hold audio while the B-party rings,
 * then the legs are bridged (PATCHED with ConnectedOn); a busy or unanswered B-party gives PATCHED
 * FAILURE. The bridge ends with a second PATCHED shaped as the docs' only example (Webex Connect's
 * PATCHED event): ConnectedOn, the recordings (recordCall) and droppedBy: CALLEE when the B-party
 * leaves first, CALLER when the caller does (before the call's DROPPED). A recorded bridge's file
 * goes to the recordings API however it ends.
 */
export class Patch implements Media {
  readonly kind = 'patch'
  readonly promptEnd = 0
  bridged = false
  readonly #txn: string
  #timer?: Timer
  /** When the legs were bridged (ConnectedOn); unset until then. */
  #connectedAt?: number
  /** The bridge's recordings, named once it is over (recordCall); undefined until then or without recordCall. */
  #recordings?: string[]
  #over = false

  constructor(
    private readonly leg: Leg,
    private readonly action: PatchAction,
  ) {
    const { ctx } = leg
    const now = ctx.clock.now()
    this.#txn = ctx.uuid()
    // A hold or greeting audio that names no media (rule webex-connect/empty-media-id) plays nothing.
    const hold = action.holdAudio && schedule([action.holdAudio], now)[0]
    if (hold) ctx.heard(hold.prompt, now)
    const behaviour = leg.party(action.dialedNumber)
    if (behaviour === 'busy') {
      this.#timer = ctx.clock.setTimer(BEHAVIOUR.busyAfterMs, `${action.dialedNumber} busy`, () => this.#failed(BEHAVIOUR.causes.busy))
      return
    }
    if (behaviour === 'no-answer') {
      this.#timer = ctx.clock.setTimer(BEHAVIOUR.noAnswerAfterMs, `${action.dialedNumber} no answer`, () => this.#failed(BEHAVIOUR.causes.noAnswer))
      return
    }
    const greeting = action.greetingAudio ? (schedule([action.greetingAudio], 0, leg.options.audioDurationsMs)[0]?.end ?? 0) : 0
    const connectIn = BEHAVIOUR.patchRingMs + greeting * ((action.greetingRepeatCount ?? 0) + 1)
    const hangsUpAfterMs = typeof behaviour === 'object' ? behaviour.hangsUpAfterMs : undefined
    this.#timer = ctx.clock.setTimer(connectIn, `${action.dialedNumber} connected`, () => this.#connected(hangsUpAfterMs))
  }

  /** The B-party this patch dials. */
  get dialedNumber(): string {
    return this.action.dialedNumber
  }

  listening(): Listening | undefined {
    return undefined
  }

  async key(key: string): Promise<void> {
    const { ctx } = this.leg
    if (!this.bridged) return ctx.keyIgnored(key)
    ctx.note(this.action.passDtmf === false ? `key ${key} not passed (passDtmf false)` : `key ${key} passed to ${this.action.dialedNumber}`)
  }

  async speak(): Promise<void> {
    this.leg.ctx.note('speech ignored: nothing is listening')
  }

  stop(): void {
    this.#end()
  }

  /**
   * The caller's side left while the legs were bridged (the caller hung up, the line dropped, or an
   * outbound call's callee hung up): PATCHED {droppedBy: "CALLER"} before the call's DROPPED. The
   * docs' only PATCHED example is this event (ConnectedOn, recordingFileName, droppedBy CALLER);
   * that it comes before DROPPED, and for each way the A-leg ends, is callspec's inference.
   * `droppedBy` names the patch's legs (CALLER the A-party, CALLEE the dialled B-party) in both
   * call directions. The app's answer is not executed: the call is over.
   */
  async afterDrop(): Promise<void> {
    if (this.#connectedAt === undefined || !BEHAVIOUR.patchedWhenCallerLeaves) return
    await this.leg.send('PATCHED', this.#ended('CALLER'))
  }

  async #connected(hangsUpAfterMs: number | undefined): Promise<void> {
    const { ctx } = this.leg
    const { action } = this
    this.bridged = true
    this.#connectedAt = ctx.clock.now()
    this.#timer = undefined
    if (action.patchDigit) ctx.note(`${action.dialedNumber} pressed the patch digit ${action.patchDigit}`)
    // The dialled party hangs up when they mean to, whatever answer the app still holds (this
    // PATCHED's own, most often: an app logging the transfer before it answers): overHeldAnswer.
    // [inferred] The docs do not say the platform waits on an answer before it reports a leg that
    // left; a person's hang-up waits on nothing. Measured before: an agent due to leave 2 s into the
    // bridge, while the app held this PATCHED's answer 4 s, left at 4 s, and the app's answer to
    // that second PATCHED ran 2 s late.
    if (hangsUpAfterMs !== undefined) {
      this.#timer = ctx.clock.setTimer(hangsUpAfterMs, `${action.dialedNumber} hangs up`, () => this.#released(), true)
    }
    // Under the docs' example's reading (vendor.patchedEvents: 'end') the only PATCHED is the end's. [inferred either way]
    if (this.leg.options.patchedEvents === 'end') return ctx.note(`${action.dialedNumber} answered: the legs are bridged (no PATCHED until the bridge ends, vendor.patchedEvents: 'end')`)
    // No recordingFileName yet: nothing has been recorded; the names come on the PATCHED that ends the bridge (#ended).
    await this.leg.send('PATCHED', { transactionId: this.#txn, status: 'SUCCESS', ConnectedOn: ctx.clock.iso() })
  }

  async #failed(cause: { code: string; message: string }): Promise<void> {
    this.#end()
    await this.leg.send('PATCHED', { transactionId: this.#txn, status: 'FAILURE', error: cause })
  }

  /** The B-party left: the caller is alone again and the app decides what follows. [inferred] */
  async #released(): Promise<void> {
    this.#end()
    await this.leg.send('PATCHED', this.#ended('CALLEE'))
  }

  /** The PATCHED that ends a bridge, as the docs' example: ConnectedOn, the recordings (recordCall), droppedBy. */
  #ended(droppedBy: 'CALLER' | 'CALLEE'): Record<string, unknown> {
    return {
      transactionId: this.#txn,
      status: 'SUCCESS',
      ConnectedOn: this.leg.ctx.clock.iso(this.#connectedAt),
      ...(this.#recordings ? { recordingFileName: this.#recordings } : {}),
      droppedBy,
    }
  }

  #end(): void {
    if (this.#over) return
    this.#over = true
    this.leg.ctx.clock.clear(this.#timer)
    this.leg.release(this)
    this.#keepRecording()
  }

  /**
   * A recorded bridge that is over, however it ended (either party, the app's HANGUP): its file is
   * named and kept for the recordings API (Webex Connect's Get Call Recordings reference), as
   * RECORD's are, its length the bridge's. [inferred] One file, numbered in the call's series of
   * recordings; PATCHED names it as the docs' example does (a file name, `1.wav`), the recordings
   * API gives its URL.
   */
  #keepRecording(): void {
    if (!this.action.recordCall || this.#connectedAt === undefined) return
    const { ctx } = this.leg
    const name = `${this.leg.sessionId.slice(0, 8)}_patch_${this.leg.nextRecordingNumber()}.wav`
    this.leg.addRecording({ durationSeconds: secs(ctx.clock.now() - this.#connectedAt), url: `${BEHAVIOUR.recordingBaseUrl}/${name}` })
    this.#recordings = [name]
  }
}
