/**
 * The JSON Schema of a scenario file for one platform, so an editor (the YAML language server,
 * VS Code, JetBrains) autocompletes action names and their fields and flags mistakes as one
 * types. Built from the driver's own payload schemas: the file format and the platform's
 * vocabulary can never drift apart.
 */
import { DURATION_SOURCE, STEP_BARE_MIN_MS, STEP_DURATION_SOURCE } from './duration.js'
import { PATTERN_SOURCE } from './pattern.js'
import { E164_SOURCE, KEYS_SOURCE } from './value-forms.js'

type Json = Record<string, unknown>

// The parser's own patterns (value-forms.ts, duration.ts, pattern.ts): what the editor flags is what `callspec run` refuses.
/**
 * A limit's duration: above 0, as `callspec run` takes it (parse.ts: "must be above 0"). The schema
 * took `0` and `0s`, so an editor passed a file the run refused (audit h212).
 */
const LIMIT_DURATION_SOURCE = `^(?!\\s*0+(?:\\.0+)?\\s*(?:ms|s|sec|m|min|h)?\\s*$)${DURATION_SOURCE.slice(1)}`
const DURATION = { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string', pattern: LIMIT_DURATION_SOURCE }], description: 'A duration above 0: "60s", "1.5 s", "500ms", "2m", or milliseconds' }
/** A step's (silent, gap) and a party's hangsUpAfter: a bare number under 1000 (`silent: 30`) is refused, as seconds were likely meant. */
const STEP_DURATION = {
  anyOf: [{ type: 'number', minimum: STEP_BARE_MIN_MS }, { type: 'string', pattern: STEP_DURATION_SOURCE }],
  description: 'A duration with its unit: "60s", "1.5 s", "500ms", "2m" (a bare number is milliseconds, from 1000 on)',
}
const PHONE = { type: 'string', pattern: E164_SOURCE, description: 'E.164, quoted: "+14155550100"' }
const PATTERN = { type: 'string', pattern: PATTERN_SOURCE, description: 'A regular expression: /text/i' }
const TEXT = { type: 'string', minLength: 1 }
const BEHAVIOUR = {
  anyOf: [
    { enum: ['answers', 'busy', 'no-answer', 'voicemail'] },
    { type: 'object', properties: { hangsUpAfter: STEP_DURATION }, required: ['hangsUpAfter'], additionalProperties: false },
  ],
}

/**
 * `ruleIds`: the platform's rules (drivers/<platform>/rules.ts), what a file's `rules:` may name.
 * `vendorOptions`: the platform's vendor options as JSON Schema (vendorOptionsJsonSchema), what a
 * file's `vendor:` may hold; any mapping where not given.
 */
export function scenarioJsonSchema(platform: string, actionNames: readonly string[], payloadSchemas: Record<string, unknown>, ruleIds: readonly string[] = [], vendorOptions?: Json): Json {
  const defs: Json = {}
  const expects = actionNames.map((name) => {
    const action = findActionSchema(name, payloadSchemas, defs)
    return {
      type: 'object',
      title: `expect ${name}`,
      properties: { expect: { const: name }, match: action ? partial(action) : { type: 'object' } },
      required: ['expect'],
      additionalProperties: false,
    }
  })
  const step = {
    anyOf: [
      { enum: ['hangup', 'expectHangup', 'silent'], description: 'hangup: the caller hangs up · expectHangup: the app ends the call · silent: until the app acts' },
      ...expects,
      { type: 'object', properties: { press: { type: 'string', pattern: KEYS_SOURCE, description: 'Quoted: press: "0123"' }, bargeIn: { type: 'boolean' }, gap: { ...STEP_DURATION, description: `${STEP_DURATION.description}. Between one key and the next (default 300ms); the first key comes 300ms after the prompt, whatever the gap` } }, required: ['press'], additionalProperties: false, description: 'The caller presses keys when the platform next listens' },
      { type: 'object', properties: { say: { type: 'string', minLength: 1 }, bargeIn: { type: 'boolean' }, recognised: { type: 'boolean' } }, required: ['say'], additionalProperties: false, description: 'The caller speaks' },
      {
        type: 'object',
        properties: { silent: { anyOf: [STEP_DURATION, { const: 'timeout' }, { type: 'null' }] } },
        required: ['silent'],
        additionalProperties: false,
        description: 'The caller says nothing for a while, or until the platform’s input timeout (silent: timeout)',
      },
      { type: 'object', properties: { hangup: { enum: ['caller', 'network', null] } }, required: ['hangup'], additionalProperties: false },
      { type: 'object', properties: { expectHangup: { type: 'null' } }, required: ['expectHangup'], additionalProperties: false },
      { type: 'object', properties: { heard: { type: 'string', minLength: 1 } }, required: ['heard'], additionalProperties: false, description: 'The caller heard this prompt (text, or /pattern/)' },
    ],
  }
  const settings = {
    name: TEXT,
    target: { ...TEXT, description: 'Base URL of the app (the runner’s --target overrides it)' },
    webhookPath: { ...TEXT, description: 'Path on the app the platform posts webhooks to' },
    seed: { type: 'integer' },
    from: PHONE,
    to: PHONE,
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    vendor: vendorOptions ? vendorSchema(vendorOptions, defs) : { type: 'object', description: 'Options of the platform simulation' },
    unconsumed: { enum: ['error', 'warn', 'ignore'] },
    limits: {
      type: 'object',
      properties: {
        responseTimeoutMs: DURATION,
        appTimeoutMs: DURATION,
        maxVirtualMs: DURATION,
        maxTurns: { type: 'integer', minimum: 1 },
        maxBodyBytes: { type: 'integer', minimum: 1 },
        quietGraceMs: { ...DURATION, description: 'Real time an app in this process that answered and went quiet is given before the wait for its next request fails (1.5s by default)' },
      },
      additionalProperties: false,
      description: 'callTo’s limits: how long to wait for the app, how many webhooks and how long a call may take',
    },
    strict: { type: 'boolean', description: 'Every rule an error, those callspec inferred where the vendor is silent too (they warn by default)' },
    rules: {
      type: 'object',
      ...(ruleIds.length > 0 && { propertyNames: { enum: [...ruleIds] } }),
      additionalProperties: { enum: ['off', 'warn', 'error'] },
      description: 'A level per rule id, ESLint style; a rule’s own level wins over strict',
    },
    parties: { type: 'object', propertyNames: PHONE, additionalProperties: BEHAVIOUR },
    answeredBy: BEHAVIOUR,
    startedBy: {
      type: 'object',
      properties: { method: { enum: ['GET', 'POST', 'PUT', 'DELETE'] }, path: { type: 'string', pattern: '^/' }, headers: { type: 'object', additionalProperties: { type: 'string' } }, body: {} },
      required: ['path'],
      additionalProperties: false,
      description: 'The HTTP request to the app that makes it place an outbound call',
    },
    steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `callspec scenario file (${platform})`,
    type: 'object',
    properties: {
      platform: { const: platform },
      ...settings,
      scenarios: { type: 'array', minItems: 1, items: { type: 'object', properties: settings, required: ['steps'], additionalProperties: false } },
    },
    additionalProperties: false,
    // One call (steps) or several (scenarios), never both.
    oneOf: [{ required: ['steps'] }, { required: ['scenarios'] }],
    $defs: { ...defs, step },
  }
}

/**
 * The vendor options' schema where the scenario schema puts it: its definitions moved to the
 * scenario's $defs under `vendor.` (zod names them `__schema0`, as it names the payloads'), and its
 * $refs with them.
 */
function vendorSchema(options: Json, defs: Json): Json {
  const renamed = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(renamed)
    if (typeof value !== 'object' || value === null) return value
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/$defs/vendor.') : renamed(v)]),
    )
  }
  const { $schema: _schema, $defs: own, ...schema } = options
  for (const [name, def] of Object.entries((own ?? {}) as Json)) defs[`vendor.${name}`] = renamed(def)
  return { ...(renamed(schema) as Json), description: 'Options of the platform simulation (its behaviour notes say what each does)' }
}

/** The action's own schema: a payload schema named after it, or the variant of a union whose discriminator is it. */
export function findActionSchema(name: string, payloadSchemas: Record<string, unknown>, defs: Json): Json | undefined {
  const direct = payloadSchemas[name] as Json | undefined
  if (direct) return keepDefs(direct, defs)
  for (const schema of Object.values(payloadSchemas) as Json[]) {
    const variants = (schema.oneOf ?? schema.anyOf) as Json[] | undefined
    const found = variants?.find((v) => Object.values((v.properties ?? {}) as Record<string, Json>).some((p) => p.const === name))
    if (found) {
      keepDefs(schema, defs)
      return found
    }
  }
  return undefined
}

function keepDefs(schema: Json, defs: Json): Json {
  for (const [k, v] of Object.entries((schema.$defs ?? {}) as Json)) defs[k] ??= partial(v as Json)
  return schema
}

/**
 * A match names only some fields, and any string may be a /pattern/: drop `required`, and let
 * every string also be a pattern. Unknown fields stay errors, so a typo is flagged as one types.
 */
function partial(schema: Json): Json {
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Json = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'required' || key === '$schema' || key === '$defs') continue
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, partial(v as Json)]))
    else if (key === 'items' || key === 'additionalProperties') out[key] = typeof value === 'object' ? partial(value as Json) : value
    else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') out[key] = (value as Json[]).map(partial)
    else out[key] = value
  }
  // oneOf becomes anyOf: with fields optional, several variants can match the same partial object.
  if (out.oneOf) {
    out.anyOf = out.oneOf
    delete out.oneOf
  }
  const isString = out.type === 'string' || (typeof out.const === 'string' && out.type === undefined) || (Array.isArray(out.enum) && out.enum.every((e) => typeof e === 'string'))
  return isString ? { anyOf: [out, PATTERN] } : out
}
