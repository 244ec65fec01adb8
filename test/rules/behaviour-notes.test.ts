import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { drivers } from '../../src/index.js'
import { defaultLevel, type RuleDef } from '../../src/validation/rules.js'

describe.each(Object.keys(drivers) as (keyof typeof drivers)[])("%s's behaviour notes", (platform) => {
  const notes = readFileSync(new URL(`../../drivers/${platform}/behaviour.md`, import.meta.url), 'utf8')
  const rules = drivers[platform].rules as Record<string, RuleDef>

  it('list every rule with its evidence and default level', () => {
    for (const [id, rule] of Object.entries(rules)) {
      const row = notes.split('\n').find((line) => line.startsWith(`| \`${id}\` |`))
      expect(row, `${id} is missing from drivers/${platform}/behaviour.md`).toBeDefined()
      const [, evidence, level] = row!.split(' | ')
      expect(evidence).toMatch(new RegExp(`^${rule.evidence}: `))
      expect(level).toMatch(new RegExp(`^${rule.fixed ? 'error \\(fixed' : defaultLevel(rule)}`))
    }
  })

  it('stand on their own: they cite the vendor, not a folder outside the repository', () => {
    expect(notes).not.toMatch(/shared\/vendors|§/)
    expect(notes).toMatch(/public documentation this simulation follows/)
  })

  it('every rule names its evidence in a phrase a failure can show', () => {
    for (const [id, rule] of Object.entries(rules)) {
      expect(id.startsWith(`${platform}/`), id).toBe(true)
      expect(rule.source.length, id).toBeGreaterThan(8)
      if (rule.evidence === 'inferred') expect(rule.source, id).toMatch(/^inferred: /)
    }
  })
})
