import { EnableXApi } from '../rest-api.js'
import type { Leg } from './types.js'

const secs = (ms: number) => Math.max(0, Math.round(ms / 1000))

/**
 * The recordings of one call (EnableX's Voice API Routes, Recording; EnableX's recording events):
 * one at a time on a bridge, a name never reused on the call, `started` and `completed` events.
 * Every recording made is served by the download route, and `disconnected` names the last one (or,
 * with auto_record, the whole call).
 */
export class Recordings {
  #running: { id: string; name?: string; startedAt: number } | undefined
  readonly #names = new Set<string>()
  readonly #made: Array<{ id: string; durationS: number }> = []
  /** The call ended with a recording running: its `completed` goes out just before `disconnected`. */
  #completedAtEnd = false

  constructor(private readonly leg: Pick<Leg, 'ctx' | 'voiceId' | 'send'>) {}

  /** The id of the recording running, if one is. */
  get running(): string | undefined {
    return this.#running?.id
  }

  nameTaken(name: string): boolean {
    return this.#names.has(name)
  }

  /** Starts a recording; `started` follows at once. Returns its id. */
  start(name: string | undefined): string {
    const { ctx } = this.leg
    if (name !== undefined) this.#names.add(name)
    const running = { id: ctx.uuid(), name, startedAt: ctx.clock.now() }
    this.#running = running
    ctx.clock.setTimer(0, 'recording started', () => this.leg.send({ state: 'started', description: 'Recording Started' }))
    return running.id
  }

  /** Ends the running recording; `completed` follows at once (or just before `disconnected`). */
  stop(atCallEnd = false): void {
    const r = this.#running
    if (!r) return
    const { ctx } = this.leg
    this.#running = undefined
    const durationS = secs(ctx.clock.now() - r.startedAt)
    this.#made.push({ id: r.id, durationS })
    EnableXApi.addRecording({ id: r.id, voiceId: this.leg.voiceId, durationS })
    if (atCallEnd) this.#completedAtEnd = true
    else ctx.clock.setTimer(0, 'recording completed', () => this.leg.send({ state: 'completed', description: 'Recording Completed' }))
  }

  /** Just before `disconnected`: the `completed` of a recording the end of the call stopped. */
  async reportStoppedByEnd(): Promise<void> {
    if (!this.#completedAtEnd) return
    this.#completedAtEnd = false
    await this.leg.send({ state: 'completed', description: 'Recording Completed' })
  }

  /**
   * What `disconnected` reports (EnableX's call progress events): with auto_record the whole call
   * since it connected (a file the download route then serves), else the last recording, if any.
   */
  atCallEnd(autoRecord: boolean, connectedAt: number | undefined): { id: string; durationS: number } | undefined {
    const { ctx, voiceId } = this.leg
    const recorded = autoRecord && connectedAt !== undefined ? { id: voiceId, durationS: secs(ctx.clock.now() - connectedAt) } : this.#made.at(-1)
    if (recorded && autoRecord) EnableXApi.addRecording({ id: recorded.id, voiceId, durationS: recorded.durationS })
    return recorded
  }
}
