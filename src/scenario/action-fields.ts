import { findActionSchema } from './json-schema.js'
import type { PlatformCatalog } from './parse.js'

/** Each platform's payload schemas as JSON Schema (drivers/json-schemas.ts: the CLI passes them; the core imports no vendor). */
export type PayloadSchemas = Record<string, () => Record<string, unknown>>

const cache = new WeakMap<PayloadSchemas, Map<string, Map<string, readonly string[] | undefined>>>()

/**
 * The fields of each action of `platform`, from the driver's own payload schemas (as the
 * scenario JSON Schema takes them): what a `match` may name. Undefined where the schema does not
 * list them, or allows other fields too. Read once per platform and action.
 */
export function actionFieldsOf(payloadSchemas: PayloadSchemas, platform: string, action: string): readonly string[] | undefined {
  let platforms = cache.get(payloadSchemas)
  if (!platforms) cache.set(payloadSchemas, (platforms = new Map()))
  let fields = platforms.get(platform)
  if (!fields) platforms.set(platform, (fields = new Map()))
  if (!fields.has(action)) {
    const schemas = payloadSchemas[platform]?.()
    const schema = schemas ? findActionSchema(action, schemas, {}) : undefined
    const properties = schema?.properties as Record<string, unknown> | undefined
    // Only a closed schema (no other field allowed) says a key is a typo: an open one takes any.
    fields.set(action, properties && schema?.additionalProperties === false ? Object.keys(properties) : undefined)
  }
  return fields.get(action)
}

/** `platforms` with each one's action fields, for the files' `match` keys to be checked as they load. */
export function withActionFields(platforms: PlatformCatalog, payloadSchemas: PayloadSchemas): PlatformCatalog {
  return Object.fromEntries(
    Object.entries(platforms).map(([name, p]) => [name, p.actionFields ? p : { actionNames: p.actionNames, actionFields: (action: string) => (name in payloadSchemas ? actionFieldsOf(payloadSchemas, name, action) : undefined) }]),
  )
}
