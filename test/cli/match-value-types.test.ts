import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// QA-163 Q7: a match's values were not checked, only its keys: `maxDigits: "1"` (the shipped JSON
// Schema: integer) loaded, and the call failed `collectInput.maxDigits: expected "1", got 1` as if
// the app were wrong; `audio: []` (minItems 1) loaded, and could never match. Now each is an error
// in the file, at its line and column, saying what to write. The target is never reached.
const dir = tempDir('match-value-types')
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return relative(process.cwd(), join(dir, name))
}
const target = ['--target', 'http://127.0.0.1:9']
const yaml = (match: string) => `platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n    match: ${match}\n  - hangup\n`

describe('callspec run: a match value of the wrong JSON type for its field', () => {
  it('a number quoted, text left bare, "true" quoted, an empty list: each at its line and column, saying what to write; exit 2, no call', async () => {
    const f = file('types.yaml', yaml('{ collectInput: { maxDigits: "1", terminationDigit: 5 }, recordCall: "true", audio: [] }'))
    const { code, out, err } = await cli(['run', f, ...target])
    expect(err).toBe(
      `callspec run: ${f}:5:41: step 2 (expect PLAY): collectInput.maxDigits is a whole number: write maxDigits: 1, without quotes\n` +
        `${f}:5:64: step 2 (expect PLAY): collectInput.terminationDigit is text: write terminationDigit: "5", in quotes\n` +
        `${f}:5:81: step 2 (expect PLAY): recordCall is true or false: write recordCall: true, without quotes\n` +
        `${f}:5:96: step 2 (expect PLAY): audio is a list of at least 1 item, so an empty one never matches: write its items, or leave audio out\n`,
    )
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('in block style, inside a list item: at the value', async () => {
    const f = file('block.yaml', 'platform: webex-connect\nsteps:\n  - expect: PLAY\n    match:\n      audio:\n        - text: 42\n')
    const { code, err } = await cli(['run', f, ...target])
    expect(err).toBe(`callspec run: ${f}:6:17: step 1 (expect PLAY): audio[0].text is text: write text: "42", in quotes\n`)
    expect(code).toBe(2)
  })

  it('what the schema allows still loads: a /pattern/ where it says text, numbers, true, a field it says nothing of the type of', async () => {
    // Loaded, the run reaches the target (nothing listens at port 9): the file itself was taken.
    const f = file('fine.yaml', yaml('{ audio: [{ text: /Press 1/i, type: TTS }], collectInput: { maxDigits: 1, digitTimeout: 5 }, recordCall: false }'))
    const { err } = await cli(['run', f, ...target])
    expect(err).not.toContain(f + ':5')
    expect(err).not.toMatch(/is a whole number|is text|is true or false|at least 1 item/)
  })
})
