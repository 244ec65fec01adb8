/**
 * The payload examples on each platform page (docs/platforms/*.md) are what a newcomer copies
 * first: each must pass callspec's own check of that payload with no issue at all, not even a
 * warning (an ignored key is how a wrong example fails a later turn). Measured before this test:
 * four of the Voxology page's eight examples and EnableX's transfer example did not.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { validate } from '../../src/index.js'

type Platform = Parameters<typeof validate>[0]

interface Example {
  /** The table row's first cell, or "json block". */
  row: string
  text: string
}

/** The JSON examples of a page's "## Actions" section: table cells in backticks that hold an object, and json blocks. */
function actionExamples(page: string): Example[] {
  const section = page.split(/^## /m).find((s) => s.startsWith('Actions'))
  if (!section) throw new Error('no "## Actions" section')
  const examples: Example[] = []
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue
    const cells = line.split(' | ')
    const last = cells.at(-1)!.replace(/ \|$/, '').trim()
    if (last.startsWith('`{')) examples.push({ row: cells[0]!.replace(/^\| /, ''), text: last.slice(1, -1) })
  }
  for (const block of section.matchAll(/^```json\n([\s\S]*?)^```/gm)) examples.push({ row: 'json block', text: block[1]! })
  return examples
}

/** Which of validate()'s kinds an example is, per platform. */
const kindOf: Record<Platform, (example: Example, payload: Record<string, unknown>) => string> = {
  'webex-connect': () => 'action',
  '8x8': () => 'action',
  // A row per REST route: the route's name is the kind of its body.
  enablex: (example) => /^`([a-z-]+)`/.exec(example.row)![1]!,
  voxology: (_example, payload) => ('type' in payload ? 'action' : 'script'),
}

const pages = Object.keys(kindOf) as Platform[]

describe.each(pages)('docs/platforms/%s.md', (platform) => {
  const examples = actionExamples(readFileSync(new URL(`../../docs/platforms/${platform}.md`, import.meta.url), 'utf8'))

  it('has examples, written out in full (no … in place of a value)', () => {
    expect(examples.length).toBeGreaterThan(3)
    expect(examples.filter((e) => e.text.includes('…')).map((e) => e.row)).toEqual([])
  })

  it('shows only payloads callspec accepts with no issue', () => {
    const problems = examples.flatMap((example) => {
      const payload = JSON.parse(example.text) as Record<string, unknown>
      const kind = kindOf[platform](example, payload)
      const result = validate(platform, kind as never, payload)
      return result.issues.length === 0 ? [] : [`${example.row} (${kind}): ${result.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`]
    })
    expect(problems).toEqual([])
  })
})
