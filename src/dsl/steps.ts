import type { CallerInput } from '../driver/types.js'

/** One recorded step of a flow, with the line of the test that declared it. */
export type Step =
  | { kind: 'expectAction'; name: string; match?: unknown; site: Error; label: string }
  | { kind: 'expectHangup'; site: Error; label: string }
  | { kind: 'input'; input: CallerInput; site: Error; label: string }
  | { kind: 'silence'; ms?: number; site: Error; label: string }
  | { kind: 'untilListening'; site: Error; label: string }
  | { kind: 'timeout'; site: Error; label: string }
