import type { z } from 'zod'

/**
 * Following a zod schema along a payload's path: what the did-you-mean hints use to find the keys
 * valid where an unknown key sits, and what null-optional.ts uses to tell an optional field from a
 * required one. Through a union every option counts, but a discriminated union's options are those
 * the payload's discriminator picks (a say's params are not a sayAndCapture's).
 */
export type Def = { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[]; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; getter?: () => z.ZodType; left?: z.ZodType; right?: z.ZodType; valueType?: z.ZodType; items?: z.ZodType[] }

export const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def & { discriminator?: string } } })._zod.def

const child = (value: unknown, key: PropertyKey): unknown => (typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined)

/**
 * The schemas of the value at `path` of `payload` (a field's own schema, optional wrapper and all),
 * or none when the schema cannot be followed there. The root's is the schema itself.
 */
export function schemasAt(schema: z.ZodType, path: readonly PropertyKey[], payload: unknown): z.ZodType[] {
  let level = [schema]
  let value = payload
  for (const key of path) {
    level = level.flatMap((s) => containers(s, value)).flatMap((s) => childOf(s, key))
    value = child(value, key)
    if (!level.length) return []
  }
  return level
}

/** The objects, arrays and records a schema is once its wrappers (optional, nullable, lazy, pipe…) and unions are opened. */
export function containers(schema: z.ZodType | undefined, value: unknown, depth = 0): z.ZodType[] {
  if (!schema || depth > 20) return []
  const def = defOf(schema)
  switch (def.type) {
    case 'object':
    case 'array':
    case 'record':
    case 'tuple':
      return [schema]
    case 'union': {
      const options = def.options ?? []
      const tag = def.discriminator === undefined ? undefined : child(value, def.discriminator)
      const picked = tag === undefined ? [] : options.filter((o) => propValues(o, def.discriminator!)?.has(tag as never))
      return (picked.length ? picked : options).flatMap((o) => containers(o, value, depth + 1))
    }
    case 'intersection':
      return [...containers(def.left, value, depth + 1), ...containers(def.right, value, depth + 1)]
    case 'lazy':
      return containers(def.getter?.(), value, depth + 1)
    case 'pipe':
      return containers(def.in, value, depth + 1)
    default:
      return def.innerType ? containers(def.innerType, value, depth + 1) : []
  }
}

const propValues = (schema: z.ZodType, key: string): ReadonlySet<unknown> | undefined =>
  (schema as unknown as { _zod: { propValues?: Record<string, ReadonlySet<unknown>> } })._zod.propValues?.[key]

/** The schema of `key` inside a container schema. */
function childOf(schema: z.ZodType, key: PropertyKey): z.ZodType[] {
  const def = defOf(schema)
  if (def.type === 'object') return typeof key === 'string' && def.shape && key in def.shape ? [def.shape[key]!] : []
  if (def.type === 'array') return def.element ? [def.element] : []
  if (def.type === 'tuple') return typeof key === 'number' && def.items?.[key] ? [def.items[key]] : []
  if (def.type === 'record') return def.valueType ? [def.valueType] : []
  return []
}
