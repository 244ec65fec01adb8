/**
 * Did-you-mean hints for unknown keys that a spelling check cannot catch, because the key apps
 * write is another word for the one the docs name: `else` for an IF's `orElse` (Voxology's IF
 * reference). The core's hint (a near spelling) wins where it has one.
 */
import { valueAt, type ValidationIssue } from '../../src/driver/index.js'
import { ActionSchema } from './schemas.js'

/** Key an app writes → the key the docs name. */
const MEANT: Readonly<Record<string, string>> = { else: 'orElse', otherwise: 'orElse' }

/** The issues, with a hint on each unknown-key issue that holds one of MEANT's keys, or a key its action takes under params. */
export function keyHints(issues: readonly ValidationIssue[], raw: unknown): ValidationIssue[] {
  return issues.map((issue) => {
    if (issue.hint) return issue
    const underParams = paramsHint(issue, raw)
    if (underParams) return { ...issue, hint: underParams }
    if (!/^Unrecognized keys?:/.test(issue.message)) return issue
    const holder = valueAt(raw, segments(issue.path))
    if (typeof holder !== 'object' || holder === null) return issue
    const meant = Object.keys(holder).flatMap((key) => (Object.hasOwn(MEANT, key) && !(MEANT[key]! in holder) ? [`"${MEANT[key]}"`] : []))
    return meant.length ? { ...issue, hint: `did you mean ${meant.join(', ')}?` } : issue
  })
}

/** `actions[1].then[0]` → ['actions', '1', 'then', '0']. */
const segments = (path: string): string[] => path.split(/[.[\]]/).filter((s) => s !== '')

/**
 * Each action type's `params` keys, read off its schema: `{ SAY: ['text', 'loop'], GOTO: ['label'], … }`.
 */
const PARAM_KEYS: ReadonlyMap<string, readonly string[]> = new Map(
  ActionSchema.options.flatMap((option) => {
    const shape = option.shape as Record<string, unknown> & { type: { value: string } }
    let params = shape.params as { shape?: Record<string, unknown>; unwrap?: () => unknown } | undefined
    if (params && !params.shape && params.unwrap) params = params.unwrap() as typeof params
    return params?.shape ? [[shape.type.value, Object.keys(params.shape)] as const] : []
  }),
)

/**
 * An action that holds at its top level what its type takes under `params`: `{ "type": "SAY",
 * "text": "Hello." }`, `{ "type": "GOTO", "label": "MENU" }` (helper-188: the failure said
 * "expected object, received undefined at actions[3].params" and, apart, that "label" is an
 * unknown key, and left the user to join the two). Said on both issues.
 */
function paramsHint(issue: ValidationIssue, raw: unknown): string | undefined {
  const missingParams = /\.params$/.test(issue.path) && /received undefined/.test(issue.message)
  if (!missingParams && !/^Unrecognized keys?:/.test(issue.message)) return undefined
  const action = valueAt(raw, segments(missingParams ? issue.path.replace(/\.params$/, '') : issue.path))
  if (typeof action !== 'object' || action === null || Array.isArray(action)) return undefined
  const { type, params } = action as { type?: unknown; params?: unknown }
  const keys = typeof type === 'string' ? PARAM_KEYS.get(type) : undefined
  const held = keys?.filter((key) => Object.hasOwn(action, key) && !(typeof params === 'object' && params !== null && Object.hasOwn(params, key)))
  if (!held?.length) return undefined
  const moved = held.map((key) => `${JSON.stringify(key)}: ${JSON.stringify((action as Record<string, unknown>)[key])}`).join(', ')
  return `${type as string} takes ${held.map((k) => `"${k}"`).join(', ')} under "params", not beside "type": write { "type": "${type as string}", "params": { ${moved} } }`
}
