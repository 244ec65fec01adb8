import type { CallFlow } from '../dsl/call-flow.js'
import type { AnyDriver } from '../driver/types.js'
import type { Transcript } from '../session/transcript.js'
import type { ListenRecord } from '../session/types.js'
import type { ProbeInput } from './types.js'

/**
 * Appends the caller's inputs to a flow, each once the app has answered the one before: after an
 * input the platform is let run until it listens at a new point (the app's next prompt, or the
 * platform's next try) or the call ends. Not the moment the platform listens for that input type
 * again: one that gathers keys until a pause (EnableX: 2 s) still listens right after a key, and a
 * key pressed then joins the same entry ("0", then "1", reached the app as "01": audit-76 V1).
 */
export function withInputs(flow: CallFlow<AnyDriver>, inputs: readonly ProbeInput[]): CallFlow<AnyDriver> {
  let f = flow
  for (const [i, input] of inputs.entries()) {
    // A hang-up waits for its point itself (below).
    if (i > 0 && input.kind !== 'hangup') f = f.untilListening()
    switch (input.kind) {
      case 'digits':
        f = f.pressDigits(input.value)
        break
      case 'speech':
        f = f.say(input.value)
        break
      case 'silence':
        f = f.waitForTimeout()
        break
      case 'hangup':
        // hangUp() acts at once: wait for the point it is meant to leave from.
        f = f.untilListening().hangUp()
        break
    }
  }
  return f.untilListening()
}

/** The messages of a caller step on a call that is already over (run-step.ts). */
const ENDED_EARLY = /^\[callspec\] [^\n]*: the call (had already ended|ended before the platform listened)/

/** Runs one call; a failure is a result here (the explorer reports it), not an exception. */
export async function runProbe(flow: CallFlow<AnyDriver>): Promise<{ transcript: Transcript | undefined; failure: unknown; endedEarly?: true }> {
  try {
    const result = await flow
    return { transcript: result.transcript, failure: undefined }
  } catch (error) {
    const transcript = (error as { transcript?: Transcript }).transcript
    // The call ended before all the inputs were used (a loop that does end): that is an answer.
    if (transcript?.end && ENDED_EARLY.test((error as Error).message)) return { transcript, failure: undefined, endedEarly: true }
    return { transcript, failure: error }
  }
}

/** How many of `inputs`, in order, the transcript shows the platform took. */
export function inputsTaken(transcript: Transcript, inputs: readonly ProbeInput[]): number {
  const records = transcript.listens.filter((r) => r.input)
  let r = 0
  let taken = 0
  for (const input of inputs) {
    while (r < records.length && !sameInput(records[r]!, input)) r++
    if (r >= records.length) break
    r++
    taken++
  }
  return taken
}

export function sameInput(record: ListenRecord, input: ProbeInput): boolean {
  const got = record.input
  if (!got || got.kind !== input.kind) return false
  return input.kind === 'digits' || input.kind === 'speech' ? got.value === input.value : true
}
