/**
 * A .json scenario file's mistakes are said in JSON (QA-163 Q8). Before, its author was told
 * YAML: `write press: "1234"`, `write maxDigits: 1`, `write 60s for seconds` (bare text, no JSON),
 * `start a new item with -`, and a key written twice was "not valid YAML". The same file as YAML
 * keeps YAML's words (file-problems.test.ts, parse.test.ts).
 */
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const dir = tempDir('json-advice')
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return relative(process.cwd(), join(dir, name))
}

describe('callspec run: a .json scenario file with mistakes (exit 2, before any call)', () => {
  it('shows each fix as JSON, at its line and column', async () => {
    const f = file(
      'mistakes.json',
      `{
  "platform": "webex-connect",
  "target": "http://127.0.0.1:9",
  "from": 14155550100,
  "steps": [
    { "expect": "ANSWER" },
    { "press": 1234 },
    { "expect": "PLAY", "match": { "collectInput": { "maxDigits": "1" } } },
    { "silent": 60 },
    { "press": "1", "say": "yes" },
    { "match": { "audio": [] } },
    "hangup"
  ]
}
`,
    )
    const { code, err } = await cli(['run', f])
    expect(err).toBe(
      [
        `callspec run: ${f}:4:11: from must be quoted: unquoted, 14155550100 is the number 14155550100; write "from": "14155550100"`,
        `${f}:7:16: press must be quoted: unquoted, 1234 is the number 1234; write "press": "1234"`,
        `${f}:8:67: step 3 (expect PLAY): collectInput.maxDigits is a whole number: write "maxDigits": 1, without quotes`,
        `${f}:9:17: silent: 60 is 60 ms, over before a caller could notice: write "60s" for seconds, or "60ms" if you mean milliseconds`,
        `${f}:10:21: one step per list item: found press and say (each step is an object of its own in steps: [{ "press": "1" }, { "say": "yes" }])`,
        `${f}:11:7: unknown step "match" (match: belongs to the expect step above it: put it in the expect step's own object: { "expect": "PLAY", "match": { … } }): a step is one of expect, expectHangup, press, say, silent, hangup, heard`,
        '',
      ].join('\n'),
    )
    expect(code).toBe(2)
  })

  it('a key written twice in one object (JSON.parse would keep the last): said as JSON, not "not valid YAML"', async () => {
    const f = file('twice.json', '{\n  "platform": "webex-connect",\n  "target": "http://127.0.0.1:9",\n  "steps": [\n    { "expect": "ANSWER", "expect": "PLAY" }\n  ]\n}\n')
    const { code, err } = await cli(['run', f])
    expect(err).toBe(`callspec run: ${f}:5:27: the same key twice in one object: keep one\n`)
    expect(code).toBe(2)
  })

  it('a file with no platform: the key to add, as JSON', async () => {
    const f = file('no-platform.json', '{ "target": "http://127.0.0.1:9", "steps": [{ "expect": "ANSWER" }] }\n')
    const { code, err } = await cli(['run', f])
    expect(err).toBe(`callspec run: ${f}:1:1: platform is missing: add "platform": (one of webex-connect, enablex, 8x8, voxology) or pass --platform\n`)
    expect(code).toBe(2)
  })
})
