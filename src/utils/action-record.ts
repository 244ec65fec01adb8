import type { ActionRecord } from '../session/types.js'

/**
 * An entry of `call.actions` (callspec's record of an action: `name`, `raw`, `source`, …), told
 * from a body an app sends by its whole shape: every field of ActionRecord, each of its type. No
 * vendor's body has them all (`source` is 'response' or 'api', `prompts` an array, `endsCall` a
 * boolean), and a copy of a record (`{ ...action }`, a JSON round trip) is still recognised.
 */
export function isActionRecord(value: unknown): value is ActionRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.index === 'number' &&
    typeof v.turn === 'number' &&
    typeof v.at === 'number' &&
    typeof v.name === 'string' &&
    'raw' in v &&
    (v.source === 'response' || v.source === 'api') &&
    typeof v.summary === 'string' &&
    Array.isArray(v.prompts) &&
    typeof v.endsCall === 'boolean'
  )
}

/** Keys a platform's action bodies name the action under: `action` (Webex Connect, 8x8), `type` (Voxology). */
const NAME_KEYS = ['action', 'type'] as const

/**
 * The key the app's body names the action under, or undefined where it does not name it (EnableX's
 * REST bodies: the action is in the URL, `PUT …/play`; a hang-up has no body at all). Only the
 * naming keys: a scan of every key would take a value that happens to equal the name
 * (EnableX's `prompt_ref: 'hold'`).
 */
export function nameKeyOf(action: Pick<ActionRecord, 'name' | 'raw'>): string | undefined {
  const raw = action.raw
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined
  return NAME_KEYS.find((key) => (raw as Record<string, unknown>)[key] === action.name)
}

/**
 * The body of a recorded action as `validate(platform, 'action', …)` reads it: the body as sent
 * where it names the action itself; else `{ action: <name>, body }` (EnableX's form).
 */
export function validatableBody(action: Pick<ActionRecord, 'name' | 'raw'>): unknown {
  if (nameKeyOf(action)) return action.raw
  return action.raw === undefined ? { action: action.name } : { action: action.name, body: action.raw }
}
