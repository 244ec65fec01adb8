import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { gradedCheck } from '../../src/validation/graded-check.js'
import { RuleBook } from '../../src/validation/rules.js'

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
})
