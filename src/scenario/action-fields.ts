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
            ...(p.notActions && { notActions: p.notActions }),
            // What its `vendor:` options may be (check-options.ts checks them, as callTo() does).
            ...(p.optionNames && { optionNames: p.optionNames }),
            ...(p.optionValues && { optionValues: p.optionValues }),
            ...(p.checkVendorOptions && { checkVendorOptions: (vendor: object) => p.checkVendorOptions!(vendor) }),
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

/**
 * The JSON types a value written where `schemas` stand may have (`integer` standing for whole
 * numbers only), from their `type`, `const` or `enum`: undefined when one of them does not say
 * (it takes anything), so nothing is refused.
 */
export function valueTypes(schemas: readonly unknown[], defs: Json): Set<string> | undefined {
  const all = variants(schemas, defs)
  if (all.length === 0) return undefined
  const types = new Set<string>()
  for (const v of all) {
    const stated = Array.isArray(v.type) ? (v.type as unknown[]) : typeof v.type === 'string' ? [v.type] : v.const !== undefined ? [v.const] : Array.isArray(v.enum) ? v.enum : undefined
    if (stated === undefined) return undefined
    for (const t of stated) types.add(v.type !== undefined ? String(t) : t === null ? 'null' : typeof t)
  }
  return types
}

/** The fewest items a list written where `schemas` stand may have: the least of its list variants' minItems (0 when one states none). */
export function minItemsOf(schemas: readonly unknown[], defs: Json): number {
  const lists = variants(schemas, defs).filter((v) => v.type === 'array' || v.items !== undefined)
  return lists.length === 0 ? 0 : Math.min(...lists.map((v) => (typeof v.minItems === 'number' ? v.minItems : 0)))
}

/** A key of a match that is no field of the action where the match puts it (unknownMatchKey). */
export interface UnknownMatchKey {
  /** Where the key stands (`collectInput.terminationDgit`). */
  readonly path: string
  /** The same path as steps: keys and list indexes. */
  readonly steps: readonly (string | number)[]
  readonly key: string
  /** The fields the schema lists there. */
  readonly fields: readonly string[]
}

/**
 * The first key of `match` (a plain object, as a test writes it) that `schema` says the action has
 * no field for, at any depth it can follow (objects closed to other fields, lists' items): what a
 * scenario file's checkFields refuses as the file loads, for a match written in TypeScript. A value
 * that is a matcher of its own (`expect.any(String)`, a RegExp) is not looked into; a key whose
 * value is `undefined` asks for absence, and is not looked at.
 */
export function unknownMatchKey(match: unknown, schema: ActionSchema, isOpaque: (value: unknown) => boolean): UnknownMatchKey | undefined {
  const walk = (value: unknown, schemas: unknown[], path: string, steps: readonly (string | number)[]): UnknownMatchKey | undefined => {
    if (typeof value !== 'object' || value === null || isOpaque(value) || value instanceof RegExp) return undefined
    if (Array.isArray(value)) {
      const items = itemSchemas(schemas, schema.defs)
      for (let i = 0; items.length > 0 && i < value.length; i++) {
        const found = walk(value[i], items, `${path}[${i}]`, [...steps, i])
        if (found) return found
      }
      return undefined
    }
    const fields = objectFields(schemas, schema.defs)
    if (!fields) return undefined
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue
      const at = path ? `${path}.${key}` : key
      if (!fields.names.includes(key)) return { path: at, steps: [...steps, key], key, fields: fields.names }
      const found = walk(child, fields.of(key), at, [...steps, key])
      if (found) return found
    }
    return undefined
  }
  return walk(match, [schema.schema], '', [])
}
