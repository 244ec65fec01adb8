import { definedDriver } from '../driver/define-driver.js'
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

/**
 * The key the app's body names the action under on `platform` (its driver's `actionNameKey`), or
 * undefined where it does not name it (EnableX's REST bodies: the action is in the URL,
 * `PUT …/play`; a hang-up has no body at all).
 */
export function nameKeyOf(action: Pick<ActionRecord, 'name' | 'raw'>, platform: string): string | undefined {
  const key = definedDriver(platform)?.actionNameKey
  const raw = action.raw
  if (key === undefined || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined
  return (raw as Record<string, unknown>)[key] === action.name ? key : undefined
}

/**
 * The body of a recorded action as `validate(platform, 'action', …)` reads it: the body as sent
 * where it names the action itself; else `{ action: <name>, body }` (EnableX's form).
 */
export function validatableBody(action: Pick<ActionRecord, 'name' | 'raw'>, platform: string): unknown {
  if (nameKeyOf(action, platform)) return action.raw
  return action.raw === undefined ? { action: action.name } : { action: action.name, body: action.raw }
}
