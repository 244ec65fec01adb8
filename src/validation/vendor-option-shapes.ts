/**
 * The shape each vendor option's value must have (a map of audio URLs to milliseconds, a list of
 * numbers, a path or null…), checked with zod when a call starts. Names and enumerated values are
 * checked without zod at callTo() (src/dsl/check-options.ts); the rest were not checked at all:
 * `audioDurationsMs: 3000` in a scenario file, or `voiceProfiles: 'en-US'` from JavaScript, were
 * taken, every file played for the default length and the call passed on it with no word.
 *
 * Imported only by the drivers' heavy halves (runtime.ts), which load zod anyway: a call awaits
 * them before it starts, so `import('callspec')` stays without zod.
 */
import * as z from 'zod'
import { valueAt } from './value-at.js'

/**
 * Each option of `O`, every one (a missing or unknown name fails to compile), as the zod schema of
 * its value when given: "left out" is always allowed, so none of them is `.optional()`. Each
 * schema's `error` says what to give, as the refusal ends "give <it>".
 */
export type OptionShapes<O> = { readonly [K in keyof O]-?: z.ZodType<Exclude<O[K], undefined>> }

/** What is wrong with one option: where (the option's name, then keys within it), what it is, what to give. */
export interface VendorOptionProblem {
  readonly path: readonly PropertyKey[]
  readonly value: unknown
  readonly expected: string
}

const schemas = new WeakMap<object, z.ZodType>()

/**
 * Every option of `vendor` whose value has not its shape (each wrong key within one too), in the
 * order zod finds them: a scenario file reports them all at once, a call refuses the first.
 */
export function vendorOptionProblems<O>(shapes: OptionShapes<O>, vendor: object): VendorOptionProblem[] {
  let schema = schemas.get(shapes)
  if (!schema) {
    // Not strict: an unknown name is refused before, with the name meant (check-options.ts).
    const optional = Object.fromEntries(Object.entries<z.ZodType>(shapes).map(([name, shape]) => [name, shape.optional()]))
    schemas.set(shapes, (schema = z.object(optional)))
  }
  const result = schema.safeParse(vendor)
  if (result.success) return []
  return result.error.issues.map((issue) => ({ path: issue.path, value: valueAt(vendor, issue.path), expected: issue.message }))
}

/**
 * The options as JSON Schema, for the scenario JSON Schema's `vendor` (an editor flags what
 * `callspec run` refuses): each optional, no other, each with what to give (its shape's `error`)
 * as its description. A function (Voxology's resolveUrl may be one) cannot be written in a file:
 * that branch matches nothing, and the description says so.
 */
export function vendorOptionsJsonSchema<O>(shapes: OptionShapes<O>): Record<string, unknown> {
  const optional = Object.fromEntries(Object.entries<z.ZodType>(shapes).map(([name, shape]) => [name, shape.optional()]))
  const schema = z.toJSONSchema(z.strictObject(optional), {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type !== 'custom') return
      ctx.jsonSchema.not = {}
      ctx.jsonSchema.description = 'a function: from TypeScript or JavaScript only, not in a scenario file'
    },
  }) as Record<string, unknown>
  const properties = schema.properties as Record<string, Record<string, unknown>>
  for (const [name, shape] of Object.entries<z.ZodType>(shapes)) {
    const give = whatToGive(shape)
    if (give !== undefined && properties[name]) properties[name] = { ...properties[name], description: `Give ${give}` }
  }
  return schema
}

/** A shape's `error` as written (`{ error: 'true or false' }`: what the refusal says to give), if it has one. */
function whatToGive(shape: z.ZodType): string | undefined {
  const error = (shape._zod.def as { error?: (issue: object) => unknown }).error
  const text = typeof error === 'function' ? error({}) : undefined
  return typeof text === 'string' ? text : undefined
}

/** The shapes the drivers share, each with what to give as its `error`. */
export const text = (what: string) => z.string({ error: what })
export const texts = (what: string) => z.array(z.string({ error: 'text' }), { error: what })
export const flag = () => z.boolean({ error: 'true or false' })
/** A map of names (file URLs, conference names) to milliseconds: `{ "https://…/hold.wav": 4000 }`. */
export const millisecondsBy = (what: string) =>
  z.record(z.string(), z.number({ error: 'a number of milliseconds' }).nonnegative({ error: 'a number of milliseconds, 0 or more' }), { error: what })
/** One of an option's values; check-options.ts refuses any other first, naming them all. */
export const oneOf = <const V extends readonly [string, ...string[]]>(values: V) => z.enum(values)
