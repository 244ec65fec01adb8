/**
 * `validate(platform, kind, payload)` answers `{ ok, issues }` for any JSON-representable payload,
 * on every platform and kind, and never throws: property-based (fast-check), bounded in runs and
 * in time, over arbitrary JSON, payloads built from the vendors' own field names, deep nesting
 * and huge strings.
 */
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { drivers, validate } from '../../src/index.js'

// Each case holds its own, tighter bound on time; this only keeps a loaded runner from cutting it short.
vi.setConfig({ testTimeout: 20_000 })

/** Field names the four vendors use, so generated payloads get past the first checks and deeper. */
const VOCABULARY = [
  'action', 'actions', 'type', 'params', 'text', 'then', 'orElse', 'condition', 'label', 'name', 'url', 'method',
  'audio', 'collectInput', 'maxDigits', 'event', 'callflow', 'promptMessage', 'voice_id', 'state', 'play', 'from', 'to',
  'event_url', 'session_data', 'key_presses', 'num_digits', 'finish_on_key', 'timeout', 'loop', '__proto__', 'constructor',
  'prompt', 'dtmf', 'menu', 'eventType', 'payload', 'callId', 'sessionId', 'clientActionId', 'source', 'destination',
]
const ACTION_NAMES = ['IF', 'SAY', 'GOTO', 'LABEL', 'COLLECT', 'PLAY', 'ANSWER', 'HANGUP', 'say', 'sayAndCapture', 'makeCall', 'play', 'accept', 'connect']

/** A huge string: long plain text, or many `${`, `(`, `&&` that once made parsers recurse or rescan. */
const huge = fc
  .tuple(fc.constantFrom('${', '${x}', '(', ')', '!', '$keyPresses == 1 && ', 'a', '\\', '"', '\u0000', '\ud800'), fc.integer({ min: 1_000, max: 200_000 }))
  .map(([unit, n]) => unit.repeat(n))

/** An object or array nested `depth` deep, built without recursion (as JSON.parse builds one). */
const deep = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('object', 'array', 'if', 'then', 'collect')).map(([depth, how]) => {
  let value: unknown = how === 'if' || how === 'then' ? { type: 'HANGUP' } : 1
  for (let i = 0; i < depth; i++) {
    if (how === 'object') value = { a: value }
    else if (how === 'array') value = [value]
    else if (how === 'if') value = { type: 'IF', condition: 'true', then: [value] }
    else if (how === 'then') value = { actions: [value], then: [value].slice(0, 1) }
    else value = { type: 'COLLECT', actions: [value] }
  }
  return how === 'if' ? { actions: [value] } : value
})

/** Payloads shaped like the vendors' own: vocabulary keys, action names, and any values below. */
const { shaped } = fc.letrec((tie) => ({
  shaped: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(...ACTION_NAMES),
    fc.dictionary(fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 8 })), tie('shaped'), { maxKeys: 5 }),
    fc.array(tie('shaped'), { maxLength: 4 }),
  ),
}))

const payload = fc.oneof(
  { weight: 3, arbitrary: shaped },
  { weight: 2, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: fc.tuple(shaped, huge).map(([shape, text]) => ({ actions: [{ type: 'SAY', params: { text } }, { type: 'IF', condition: text, then: [] }], action: 'PLAY', audio: [{ type: 'TTS', text }], shape })) },
  { weight: 1, arbitrary: fc.string().map((text) => JSON.parse(`{"__proto__": {"polluted": true}, "action": ${JSON.stringify(text)}}`) as unknown) },
)

const kinds = Object.entries(drivers).flatMap(([platform, driver]) => driver.validationKinds.map((kind) => [platform, kind] as const))

describe('validate() never throws', () => {
  it('covers all four platforms and every kind', () => {
    expect(new Set(kinds.map(([p]) => p))).toEqual(new Set(['webex-connect', '8x8', 'enablex', 'voxology']))
    expect(kinds.length).toBeGreaterThanOrEqual(20)
  })

  it.each(kinds)('%s %s: { ok, issues } for any JSON payload', (platform, kind) => {
    fc.assert(
      fc.property(payload, (value) => {
        const started = performance.now()
        const result = (validate as (p: string, k: string, v: unknown) => ReturnType<typeof validate>)(platform, kind, value)
        expect(typeof result.ok).toBe('boolean')
        expect(Array.isArray(result.issues)).toBe(true)
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0)
        for (const issue of result.issues) {
          expect(typeof issue.path).toBe('string')
          expect(typeof issue.message).toBe('string')
          // Never an internal error passed off as an issue, and never a message the size of the payload.
          expect(issue.message).not.toMatch(/RangeError|Maximum call stack|callspec bug/)
          expect(issue.message.length).toBeLessThan(2_000)
        }
        // Linear checks: a 200,000-character payload takes milliseconds (the old quadratic scan took 16 s
        // for 150,000 `${`); the bound leaves room for a loaded CI runner.
        expect(performance.now() - started).toBeLessThan(3_000)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      }),
      { numRuns: 60, interruptAfterTimeLimit: 2_000, markInterruptAsFailure: false, seed: 20261130 },
    )
  })
})
