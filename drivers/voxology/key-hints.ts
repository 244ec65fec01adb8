/**
 * Did-you-mean hints for unknown keys that a spelling check cannot catch, because the key apps
 * write is another word for the one the docs name: `else` for an IF's `orElse` (Voxology's IF
 * reference). The core's hint (a near spelling) wins where it has one.
 */
import { valueAt, type ValidationIssue } from '../../src/driver/index.js'

/** Key an app writes → the key the docs name. */
const MEANT: Readonly<Record<string, string>> = { else: 'orElse', otherwise: 'orElse' }

/** The issues, with a hint on each unknown-key issue that holds one of MEANT's keys. */
export function keyHints(issues: readonly ValidationIssue[], raw: unknown): ValidationIssue[] {
  return issues.map((issue) => {
    if (issue.hint || !/^Unrecognized keys?:/.test(issue.message)) return issue
    const holder = valueAt(raw, segments(issue.path))
    if (typeof holder !== 'object' || holder === null) return issue
    const meant = Object.keys(holder).flatMap((key) => (Object.hasOwn(MEANT, key) && !(MEANT[key]! in holder) ? [`"${MEANT[key]}"`] : []))
    return meant.length ? { ...issue, hint: `did you mean ${meant.join(', ')}?` } : issue
  })
}

/** `actions[1].then[0]` → ['actions', '1', 'then', '0']. */
const segments = (path: string): string[] => path.split(/[.[\]]/).filter((s) => s !== '')
