/**
 * helper-124's audit, finding 5: scenario files refused `strict` and `rules`, and `callspec run` had
 * no `--strict`: a team that writes only scenario files could neither make CI fail on a rule
 * callspec inferred nor turn one off. Now both are settings (a file's, a scenario's own over them),
 * `--strict` applies to the files that do not say, and the editor's JSON Schema knows each
 * platform's rule ids. Driven over real HTTP: `callspec run` against an app by URL.
 */
import { writeFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { schemaFor } from '../../src/cli/schema-command.js'
import { drivers } from '../../src/index.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { cli } from '../cli/run-cli.js'
import { stubServer } from '../helpers/stub-server.js'
import { tempDir } from '../helpers/temp-dir.js'
import { answering, tts } from '../helpers/webex-apps.js'

const parse = (text: string) => parseScenarioFile(text, 's.yaml', drivers).scenarios
const errorOf = (text: string): string => {
  try {
    parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected a parse error')
}

describe('strict and rules in a scenario file', () => {
  it("are read as callTo's options, a scenario's own rules over the file's", () => {
    const [first, second] = parse(
      [
        'platform: webex-connect',
        'strict: true',
        'rules: { webex-connect/unknown-keys: warn, webex-connect/audio-file-type: off }',
        'scenarios:',
        '  - name: a',
        '    steps: [hangup]',
        '  - name: b',
        '    strict: false',
        '    rules: { webex-connect/unknown-keys: error }',
        '    steps: [hangup]',
        '',
      ].join('\n'),
    )
    expect([first!.strict, first!.rules]).toEqual([true, { 'webex-connect/unknown-keys': 'warn', 'webex-connect/audio-file-type': 'off' }])
    expect([second!.strict, second!.rules]).toEqual([false, { 'webex-connect/unknown-keys': 'error', 'webex-connect/audio-file-type': 'off' }])
  })

  it.each([
    ['a misspelt rule id', 'rules: { webex-connect/unknown-key: error }', 's.yaml:2:10: webex-connect has no rule "webex-connect/unknown-key" (did you mean "webex-connect/unknown-keys"?); docs/rules.md says where each platform\'s rules are listed'],
    ["another platform's rule", 'rules: { 8x8/unknown-keys: error }', 's.yaml:2:10: webex-connect has no rule "8x8/unknown-keys"; docs/rules.md says where each platform\'s rules are listed'],
    ['a level that is none', 'rules: { webex-connect/unknown-keys: fail }', 's.yaml:2:38: rules.webex-connect/unknown-keys is off, warn or error, got "fail"'],
    ['a fixed rule turned off', 'rules: { webex-connect/action-schema: off }', 's.yaml:2:39: rule webex-connect/action-schema cannot be set to off: the platform cannot run what it cannot read'],
    ['rules as a list', 'rules: [webex-connect/unknown-keys]', 's.yaml:2:8: rules is a mapping of rule ids to off, warn or error, such as rules: { webex-connect/unknown-keys: error }'],
    ['strict as a word', 'strict: yes', 's.yaml:2:9: strict is true or false, got "yes"'],
  ])('%s is refused where it is written', (_, line, message) => {
    expect(errorOf(`platform: webex-connect\n${line}\nsteps: [hangup]\n`)).toBe(message)
  })

  it("are in the editor's JSON Schema, rule ids from the platform's own rules", () => {
    const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schemaFor('webex-connect'))
    const ok = (settings: string) => validate(parseYaml(`platform: webex-connect\n${settings}\nsteps: [hangup]\n`))
    expect(ok('strict: true\nrules: { webex-connect/unknown-keys: error }')).toBe(true)
    expect([ok('rules: { webex-connect/unknown-key: error }'), ok('rules: { webex-connect/unknown-keys: fail }'), ok('strict: "yes"')]).toEqual([false, false, false])
  })
})

describe('callspec run: strict, rules and --strict decide how a rule callspec inferred counts', () => {
  const dir = tempDir('scenario-rule-settings')
  // The menu carries a key Webex Connect does not document: rule webex-connect/unknown-keys, inferred.
  const app = stubServer(answering({ action: 'PLAY', audio: [tts('Goodbye.')], colour: 'blue' }))

  const run = async (name: string, settings: string, flags: string[] = []) => {
    const file = `${dir}/${name}.yaml`
    writeFileSync(file, `platform: webex-connect\nname: ${name}\n${settings}steps:\n  - expect: ANSWER\n  - expect: PLAY\n  - expectHangup\n`)
    return cli(['run', file, '--target', app.url, ...flags])
  }
  const FAILED_BY_INFERENCE = "callspec failed the app's answer to ANSWERED by a rule it inferred, not one Webex Connect documents: webex-connect/unknown-keys, at error under strict: true"

  it('by default the call passes with the warning; strict: true in the file fails it, led by the inference', async () => {
    const plain = await run('plain', '')
    expect(plain.code).toBe(0)
    expect(plain.out).toContain('Unrecognized key: "colour" (received "blue")')
    const strict = await run('strict', 'strict: true\n')
    expect(strict.code).toBe(1)
    expect(strict.out).toContain(FAILED_BY_INFERENCE)
  })

  it('--strict fails the files that do not say, a file with strict: false still passes', async () => {
    const flagged = await run('flagged', '', ['--strict'])
    expect(flagged.code).toBe(1)
    expect(flagged.out).toContain(FAILED_BY_INFERENCE)
    const own = await run('own', 'strict: false\n', ['--strict'])
    expect(own.code).toBe(0)
  })

  it("rules: sets one rule's level: error fails the call by it, off drops the warning", async () => {
    const error = await run('error', 'rules: { webex-connect/unknown-keys: error }\n')
    expect(error.code).toBe(1)
    expect(error.out).toContain("callspec failed the app's answer to ANSWERED by a rule it inferred, not one Webex Connect documents: webex-connect/unknown-keys, at error as rules sets it")
    const off = await run('off', 'rules: { webex-connect/unknown-keys: "off" }\n')
    expect(off.code).toBe(0)
    expect(off.out).not.toContain('colour')
  })
})
