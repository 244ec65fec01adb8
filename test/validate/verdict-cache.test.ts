import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { gradedCheck } from '../../src/validation/graded-check.js'
import { RuleBook } from '../../src/validation/rules.js'
import { namesNothing } from '../../src/validation/no-instruction.js'
import { parseAnswer } from '../../src/validation/verdict-cache.js'

const book = new RuleBook('test', {
  'test/schema': { evidence: 'doc', source: 'test docs', description: 'the schema' },
  'test/unknown-keys': { evidence: 'inferred', source: 'inferred: not documented', description: 'unknown keys' },
})
const rules = { schema: 'test/schema', unknownKeys: 'test/unknown-keys' }

describe("zod's verdict on an answer it has passed before", () => {
  it('is not asked again for the same JSON, and each caller gets its own copy of the data', () => {
    const schema = z.strictObject({ action: z.literal('PLAY'), audio: z.array(z.object({ text: z.string() })) })
    const parse = vi.spyOn(schema, 'safeParse')
    const first = gradedCheck(schema, { action: 'PLAY', audio: [{ text: 'Press 1.' }] }, book, rules)
    const second = gradedCheck(schema, { action: 'PLAY', audio: [{ text: 'Press 1.' }] }, book, rules)
    expect(parse).toHaveBeenCalledTimes(1)
    expect(second).toEqual(first)
    expect(second.ok && first.ok && second.data !== first.data).toBe(true)
  })

  it('is asked every time when its output is not the payload itself (a default filled in), and for failures', () => {
    const schema = z.object({ action: z.string(), loop: z.number().default(1) })
    const parse = vi.spyOn(schema, 'safeParse')
    for (let i = 0; i < 3; i++) expect(gradedCheck(schema, { action: 'PLAY' }, book, rules)).toEqual({ ok: true, data: { action: 'PLAY', loop: 1 }, warnings: [] })
    for (let i = 0; i < 3; i++) expect(gradedCheck(schema, { action: 7 }, book, rules).ok).toBe(false)
    expect(parse).toHaveBeenCalledTimes(6)
  })

  it('is looked up by the text an answer came as, spaces and all, and gives that JSON back', () => {
    const schema = z.strictObject({ action: z.literal('HANGUP'), reason: z.string() })
    const parse = vi.spyOn(schema, 'safeParse')
    const text = '{ "action" : "HANGUP",\n  "reason": "caf\\u00e9" }'
    const results = [0, 1, 2].map(() => gradedCheck(schema, parseAnswer(text), book, rules))
    expect(parse).toHaveBeenCalledTimes(1)
    for (const r of results) expect(r).toEqual({ ok: true, data: { action: 'HANGUP', reason: 'café' }, warnings: [] })
    // The same JSON built in code (its own serialisation as the key) is a different key: judged once more.
    gradedCheck(schema, { action: 'HANGUP', reason: 'café' }, book, rules)
    expect(parse).toHaveBeenCalledTimes(2)
  })

  it('keeps no verdict for an answer text whose output is not that JSON (a default filled in)', () => {
    const schema = z.object({ action: z.string(), loop: z.number().default(1) })
    const parse = vi.spyOn(schema, 'safeParse')
    for (let i = 0; i < 3; i++) expect(gradedCheck(schema, parseAnswer('{"action": "PLAY"}'), book, rules)).toEqual({ ok: true, data: { action: 'PLAY', loop: 1 }, warnings: [] })
    expect(parse).toHaveBeenCalledTimes(3)
  })
})

describe('an answer looked at before it is read', () => {
  const answer = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body, ms: 1 })

  it('is parsed once: the read takes the value the look parsed, and the next read of the same text parses afresh', () => {
    const body = '{"action":"PLAY","audio":[{"type":"TTS","text":"Press 1."}]}'
    const parse = vi.spyOn(JSON, 'parse')
    let looked: unknown
    try {
      expect(namesNothing(answer(body), (value) => ((looked = value), 'action' in value))).toBe(false)
      const read = parseAnswer(body)
      expect(read).toBe(looked)
      expect(parse).toHaveBeenCalledTimes(1)
      // Taken once: a later answer with the same text gets a value of its own.
      const again = parseAnswer(body)
      expect(again).not.toBe(read)
      expect(again).toEqual(read)
      expect(parse).toHaveBeenCalledTimes(2)
    } finally {
      parse.mockRestore()
    }
  })

  it('is parsed afresh when the read is of another text, or the look trimmed the body', () => {
    namesNothing(answer('{"action":"HANGUP"}'), () => true)
    expect(parseAnswer('{"action":"PLAY"}')).toEqual({ action: 'PLAY' })
    let looked: unknown
    const padded = '\ufeff{"action":"HANGUP"}'
    expect(namesNothing(answer(padded), (value) => ((looked = value), true))).toBe(false)
    expect(looked).toEqual({ action: 'HANGUP' })
    // The untrimmed text (a byte-order mark first) is not JSON: the read says so, as before.
    expect(() => parseAnswer(padded)).toThrow(SyntaxError)
  })
})

describe('a REST body read for nulls in optional fields, then checked (EnableX, h196)', () => {
  it('is parsed once, not once for the null read and again for the check, and not at all the next time', async () => {
    const { checkRequest } = await import('../../drivers/enablex/validate.js')
    const { REQUEST_SCHEMAS } = await import('../../drivers/enablex/schemas.js')
    const enablexBook = new RuleBook('enablex', (await import('../../drivers/enablex/rules.js')).ENABLEX_RULES)
    const parse = vi.spyOn(REQUEST_SCHEMAS.connect, 'safeParse')
    try {
      // A body no other test sends: the verdict cache is the worker's, and a file before this one in
      // it (isolate: false) that checked the same body left its verdict there (0 parses, on Node 22).
      for (let i = 0; i < 3; i++) expect(checkRequest('connect', { from: '14155550199', to: '14155558642' }, enablexBook).ok).toBe(true)
      expect(parse).toHaveBeenCalledTimes(1)
    } finally {
      parse.mockRestore()
    }
  })
})
