import { definedDriver } from '../driver/define-driver.js'
import type { AnyDriver } from '../driver/types.js'
import { actionSchemaOf, unknownMatchKey, type PayloadSchemas } from '../scenario/action-fields.js'
import { didYouMeanName } from '../validation/did-you-mean.js'
import { isAsymmetric } from './match.js'

/** One PayloadSchemas a driver (actionSchemaOf caches by it), built on first use. */
const payloadSchemas = new WeakMap<AnyDriver, PayloadSchemas>()

/**
 * What a match names that `action` of `platform` has no field for, by the platform's own payload
 * schema (`PATCH has no field "dialedNumbr" (did you mean "dialedNumber"?); its fields there are …`),
 * or undefined: every key is a field, the schema does not say (an open object, a platform with no
 * JSON Schema), or an action of that name the app `sent` has it there all the same. What tells a misspelt key where the call sent no such action to compare it with
 * (misspeltKey needs one): `.not.toHaveAction('PATCH', { dialedNumbr })` on a call with no PATCH
 * passed (newcomer audit-155 N2). Asked only after a call ran: the driver's schemas are loaded.
 */
export function matchKeyNotInSchema(platform: string, action: string, match: unknown, sent: readonly unknown[] = []): string | undefined {
  const driver = definedDriver(platform)
  if (!driver?.jsonSchemas) return undefined
  let schemas = payloadSchemas.get(driver)
  if (!schemas) payloadSchemas.set(driver, (schemas = { [platform]: driver.jsonSchemas }))
  const schema = actionSchemaOf(schemas, platform, action)
  const unknown = schema && unknownMatchKey(match, schema, isAsymmetric)
  // One the app sent all the same (a field the vendor ignores) is a field of what it sent: matched as written.
  if (!unknown || sent.some((raw) => hasStep(raw, unknown.steps))) return undefined
  const where = unknown.path === unknown.key ? action : `${action} at ${unknown.path.slice(0, -unknown.key.length - 1)}`
  return `${where} has no field ${JSON.stringify(unknown.key)}${didYouMeanName(unknown.key, unknown.fields)}; its fields there are ${unknown.fields.join(', ')}`
}

/** Whether `value` has something at `steps` (keys and list indexes). */
function hasStep(value: unknown, steps: readonly (string | number)[]): boolean {
  let at = value
  for (const step of steps) {
    if (typeof at !== 'object' || at === null || !(step in at)) return false
    at = (at as Record<string | number, unknown>)[step]
  }
  return true
}
