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

/** `platforms` with each one's action fields and schemas, for the files' `match` keys, nested ones too, to be checked as they load. */
export function withActionFields(platforms: PlatformCatalog, payloadSchemas: PayloadSchemas): PlatformCatalog {
  return Object.fromEntries(
    Object.entries(platforms).map(([name, p]) => [
      name,
      p.actionFields
        ? p
        : {
            actionNames: p.actionNames,
            ...(p.rules && { rules: p.rules }),
            actionFields: (action: string) => (name in payloadSchemas ? actionFieldsOf(payloadSchemas, name, action) : undefined),
            actionSchema: (action: string) => (name in payloadSchemas ? actionSchemaOf(payloadSchemas, name, action) : undefined),
          },
    ]),
  )
}

type Json = Record<string, unknown>

/**
 * An action's JSON Schema with the definitions its $refs point to: what a nested `match` key
 * (`collectInput: { terminationDgit: … }`, `audio: [{ txt: … }]`) is checked against.
 */
export interface ActionSchema {
  readonly schema: Json
  readonly defs: Json
}

const schemaCache = new WeakMap<PayloadSchemas, Map<string, ActionSchema | undefined>>()

export function actionSchemaOf(payloadSchemas: PayloadSchemas, platform: string, action: string): ActionSchema | undefined {
  let byAction = schemaCache.get(payloadSchemas)
  if (!byAction) schemaCache.set(payloadSchemas, (byAction = new Map()))
  const id = `${platform}\0${action}`
  if (!byAction.has(id)) {
    const schemas = payloadSchemas[platform]?.()
    const defs: Json = { ...((schemas?.$defs ?? {}) as Json) }
    const schema = schemas ? findActionSchema(action, schemas, defs) : undefined
    byAction.set(id, schema ? { schema, defs } : undefined)
  }
  return byAction.get(id)
}

/** `schema` with its $ref followed (`#/$defs/name`, or `#/definitions/name`), as far as `defs` has it. */
function resolved(schema: unknown, defs: Json, depth = 0): Json | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined
  const ref = (schema as Json).$ref
  if (typeof ref !== 'string') return schema as Json
  const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref)?.[1]
  return name === undefined || depth > 20 ? undefined : resolved(defs[name], defs, depth + 1)
}

/** What `schemas` can each be, unions (oneOf, anyOf) spread out, $refs followed. */
function variants(schemas: readonly unknown[], defs: Json): Json[] {
  const out: Json[] = []
  const add = (schema: unknown, depth: number) => {
    const s = resolved(schema, defs)
    if (!s || depth > 20) return
    const union = (s.oneOf ?? s.anyOf) as unknown[] | undefined
    if (Array.isArray(union)) for (const v of union) add(v, depth + 1)
    else out.push(s)
  }
  for (const schema of schemas) add(schema, 0)
  return out
}

/**
 * The fields a mapping written where `schemas` stand may have, and the schemas of each: undefined
 * when that cannot be told (one of them takes any field, or none is an object), so nothing is refused.
 */
export function objectFields(schemas: readonly unknown[], defs: Json): { names: string[]; of: (name: string) => unknown[] } | undefined {
  const objects = variants(schemas, defs).filter((v) => v.type === 'object' || v.properties !== undefined || v.allOf !== undefined)
  if (objects.length === 0 || objects.some((v) => v.additionalProperties !== false || v.allOf !== undefined || typeof v.properties !== 'object')) return undefined
  const names = [...new Set(objects.flatMap((v) => Object.keys(v.properties as Json)))]
  return { names, of: (name) => objects.flatMap((v) => (Object.hasOwn(v.properties as Json, name) ? [(v.properties as Json)[name]] : [])) }
}

/** The schemas of the items of a list written where `schemas` stand. */
export function itemSchemas(schemas: readonly unknown[], defs: Json): unknown[] {
  return variants(schemas, defs).flatMap((v) => (Array.isArray(v.items) ? v.items : v.items !== undefined ? [v.items] : []))
}
