import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, cliProcess } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// audit-86 findings 4, 5 and 8: what `callspec run` says of a scenario file's mistakes, before
// any call (exit 2). The target is never reached: nothing listens at port 9.
const dir = tempDir('audit-86-files')
/** A file in the temp dir, named relative to the run's cwd as the messages name it. */
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return relative(process.cwd(), join(dir, name))
}
const target = ['--target', 'http://127.0.0.1:9']
const SETTINGS = 'name, platform, target, webhookPath, seed, from, to, headers, vendor, unconsumed, limits, strict, rules, parties, answeredBy, startedBy, steps, scenarios'
const STEPS = 'expect, expectHangup, press, say, silent, hangup, heard'

describe('callspec run: a # that YAML read as a comment on a press line (finding 4)', () => {
  it('says so, and quotes the keys with the #: press: "12#", not press: "12"', async () => {
    const f = file('hash.yaml', 'platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - press: 12 #\n  - press: 1234 # PIN then hash\n  - press: #\n  - press: "12" # a real comment\n')
    const { code, err } = await cli(['run', f, ...target])
    expect(err).toBe(
      `callspec run: ${f}:4:12: press: YAML read the # as a comment (a # after a space starts one), so press got 12 alone: to press # too, quote the keys: press: "12#" (or press: "12" without it)\n` +
        `${f}:5:12: press: YAML read "# PIN then hash" as a comment (a # after a space starts one), so press got 1234 alone: to press # too, quote the keys: press: "1234#" (or press: "1234" without it)\n` +
        `${f}:6:12: press: YAML read the # as a comment (a # after a space starts one), so press got no keys: to press # too, quote the keys: press: "#"\n`,
    )
    expect(code).toBe(2)
  })
})

describe('callspec run: match keys nested in a field, checked against the action as the file loads (finding 5)', () => {
  it('a typo under collectInput and in an audio item: each named by its path, with did-you-mean', async () => {
    const f = file('nested.yaml', 'platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n    match: { collectInput: { terminationDgit: "#" }, audio: [{ txt: hi }] }\n  - hangup\n')
    const { code, err } = await cli(['run', f, ...target])
    expect(err).toBe(
      `callspec run: ${f}:5:30: step 2 (expect PLAY): collectInput has no field "terminationDgit" (did you mean "terminationDigit"?); its fields are maxDigits, digitTimeout, terminationDigit\n` +
        `${f}:5:64: step 2 (expect PLAY): audio[0] has no field "txt" (did you mean "text"?); its fields are type, location, text, textFormat, style, language, voice, gender, engine, mediaId\n`,
    )
    expect(code).toBe(2)
  })

  it('unquoted text cut at a comma inside { }: the rest is a key with no value; says to quote the text, whole', async () => {
    const f = file('comma.yaml', 'platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n    match: { audio: [{ text: Welcome to Acme Bank. Please enter your PIN, followed by the hash key. }] }\n  - hangup\n')
    const { code, err } = await cli(['run', f, ...target])
    expect(err).toBe(
      `callspec run: ${f}:5:75: step 2 (expect PLAY): audio[0] has no field "followed by the hash key.": a comma inside { } ends the value; quote the text: text: "Welcome to Acme Bank. Please enter your PIN, followed by the hash key."\n`,
    )
    expect(code).toBe(2)
  })

  it('the same file with the text quoted, and nested fields spelt right, loads (and its calls run)', async () => {
    const f = file('right.yaml', 'platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n    match: { collectInput: { terminationDigit: "#" }, audio: [{ type: TTS, text: "Welcome, caller." }] }\n  - hangup\n')
    const { code, err } = await cli(['run', f, ...target])
    expect(err).toBe(`\ncallspec run: no call reached the app: nothing listened at 127.0.0.1:9 (exit 2: the run could not go on). Is the app running there?\n`)
    expect(code).toBe(2)
  })
})

describe('callspec run: did-you-mean for settings, steps and options (finding 8)', () => {
  it('settings a case or a letter off, and steps named as the TypeScript API or everyday words name them', async () => {
    const f = file('keys.yaml', 'platform: webex-connect\nwebhookpath: /webex/events\nform: "+14155550100"\nsteps:\n  - expectAction: PLAY\n  - wait: 5s\n  - expect: PLAY\n    matches: { audio: [] }\n')
    const { code, err } = await cli(['run', f, ...target])
    expect(err).toBe(
      `callspec run: ${f}:2:1: unknown setting "webhookpath" (did you mean "webhookPath"?); expected one of: ${SETTINGS}\n` +
        `${f}:3:1: unknown setting "form" (did you mean "from"?); expected one of: ${SETTINGS}\n` +
        `${f}:5:5: unknown step "expectAction" (did you mean "expect"?): a step is one of ${STEPS}\n` +
        `${f}:6:5: unknown step "wait" (did you mean "silent"?): a step is one of ${STEPS}\n` +
        `${f}:8:5: expect takes match; got "matches" (did you mean "match"?)\n`,
    )
    expect(code).toBe(2)
  })

  it('an unknown option: a usage error naming it, with did-you-mean, not Node\'s parseArgs text', async () => {
    const { code, out, err } = await cliProcess(['run', 'x.yaml', '--targt', 'http://127.0.0.1:9'])
    expect(err).toBe('callspec run: unknown option --targt (did you mean --target?)\nRun callspec run --help for the options.\n')
    expect(out).toBe('')
    expect(code).toBe(2)
  })
})
