import type { CallerInput } from '../driver/types.js'
import type { CallSession } from '../session/call-session.js'

/** The CallFlow methods that add a step, and so the names a failing step's line is looked up by (step-site.ts). */
const stepMethods = ['expectAction', 'expectHangup', 'pressDigits', 'say', 'staySilent', 'untilListening', 'waitForTimeout', 'hangUp'] as const
export type StepMethod = (typeof stepMethods)[number]
export const STEP_METHODS: ReadonlySet<string> = new Set(stepMethods)

interface Written {
  /** The CallFlow method that added the step. */
  method: StepMethod
  label: string
}

/** One recorded step of a flow. */
export type Step =
  | ({ kind: 'expectAction'; name: string; match?: unknown } & Written)
  | ({ kind: 'expectHangup' } & Written)
  /** `pick`: the input is chosen when the platform listens, from the call so far (`pressDigits(call => …)`). */
  | ({ kind: 'input'; input: CallerInput; pick?: (session: CallSession) => CallerInput } & Written)
  | ({ kind: 'silence'; ms?: number } & Written)
  | ({ kind: 'untilListening' } & Written)
  | ({ kind: 'timeout' } & Written)
