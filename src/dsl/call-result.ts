import type { ActionName, AnyDriver } from '../driver/types.js'
import type { Transcript } from '../session/transcript.js'
import type { ActionRecord, CallEnd, Prompt } from '../session/types.js'
import { transcriptToMermaid } from '../report/mermaid.js'

/** What an awaited call resolves to: the whole transcript and handy views of it. */
export class CallResult<D extends AnyDriver = AnyDriver> {
  /** Brand for matchers, which may see a copy of this class from the other module format. */
  readonly isCallResult = true as const

  constructor(
    readonly platform: string,
    readonly seed: number,
    readonly transcript: Transcript,
    /** Notes such as actions left unconsumed under `unconsumed: 'warn'`. */
    readonly warnings: readonly string[],
  ) {}

  /** The app's actions, in order, in the vendor's own vocabulary. */
  get actions(): ActionRecord<ActionName<D>>[] {
    return this.transcript.actions() as ActionRecord<ActionName<D>>[]
  }

  /** Every prompt the caller heard: TTS text or audio address. */
  get prompts(): string[] {
    return this.transcript.prompts()
  }

  get heard(): Prompt[] {
    return this.transcript.heard()
  }

  /** Names of the webhooks sent to the app, in order. */
  get events(): string[] {
    return this.transcript.events()
  }

  /** Virtual milliseconds the call lasted. */
  get duration(): number {
    return this.transcript.duration
  }

  get end(): CallEnd | undefined {
    return this.transcript.end
  }

  print(): string {
    return this.transcript.print()
  }

  /** The call as a Mermaid sequence diagram: caller, platform and app lanes, virtual times, prompts, key presses. */
  toMermaid(): string {
    return transcriptToMermaid(this.transcript)
  }
}

export const isCallResult = (value: unknown): value is CallResult =>
  typeof value === 'object' && value !== null && (value as { isCallResult?: unknown }).isCallResult === true
