import type { CallerInput } from '../driver/types.js'
import type { CallSession } from '../session/call-session.js'

/** One recorded step of a flow, with the line of the test that declared it. */
export type Step =
  | { kind: 'expectAction'; name: string; match?: unknown; site: Error; label: string }
  | { kind: 'expectHangup'; site: Error; label: string }
  /** `pick`: the input is chosen when the platform listens, from the call so far (`pressDigits(call => …)`). */
  | { kind: 'input'; input: CallerInput; pick?: (session: CallSession) => CallerInput; site: Error; label: string }
  | { kind: 'silence'; ms?: number; site: Error; label: string }
  | { kind: 'untilListening'; site: Error; label: string }
  | { kind: 'timeout'; site: Error; label: string }
