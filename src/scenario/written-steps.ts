import { formatDuration } from './duration.js'

/**
 * One step of a scenario file as callspec writes it (`callspec dial` records one call,
 * `callspec explore --emit-scenarios` every path it took): what the app was seen to do, or what
 * the caller did.
 */
export type WrittenStep =
  | { kind: 'expect'; action: string; prompts: string[] }
  | { kind: 'press'; digits: string }
  | { kind: 'say'; text: string }
  | { kind: 'silent'; ms?: number; untilTimeout?: true }
  | { kind: 'hangup' }
  | { kind: 'expectHangup' }

/**
 * The steps as a scenario file's `steps:` list: each expected action by name, followed by the
 * prompts it played that the caller heard (`heard:`), so the file checks what was said as well.
 */
export function scenarioSteps(steps: readonly WrittenStep[], heard: readonly string[]): unknown[] {
  return steps.flatMap((s): unknown[] => {
    switch (s.kind) {
      case 'expect':
        return [{ expect: s.action }, ...s.prompts.filter((p) => heard.includes(p)).map((p) => ({ heard: p }))]
      case 'press':
        return [{ press: s.digits }]
      case 'say':
        return [{ say: s.text }]
      case 'silent':
        return [s.untilTimeout ? { silent: 'timeout' } : s.ms === undefined ? 'silent' : { silent: formatDuration(s.ms) }]
      case 'hangup':
        return ['hangup']
      case 'expectHangup':
        return ['expectHangup']
    }
  })
}
