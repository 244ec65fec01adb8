import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

/**
 * `callspec validate --strict`: a payload that fails only by a rule callspec inferred (here an
 * unknown key, which the vendors do not document refusing) gets callspec's answer in the vendor's
 * terms, labelled as callspec's, as the drivers word it on a call ("callspec's answer, in 8x8's
 * terms: …"); never "vendor answer:". A rule the vendor documents keeps the vendor's answer.
 */
const dir = tempDir('validate-strict-answer')
const write = (name: string, payload: unknown) => {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(payload))
  return file
}

const say = (params: Record<string, unknown>) => ({ action: 'say', params: { text: 'Hi', voiceProfile: 'en-US-BenjaminRUS', repetition: 1, speed: 1, ...params } })

describe('callspec validate --strict, failed by a rule callspec inferred', () => {
  it("8x8: the -1009 answer is callspec's, in 8x8's terms", async () => {
    const { code, out } = await cli(['validate', '8x8', 'vca-response', write('vca.json', { callflow: [say({ bogus: 1 }), { action: 'hangup' }] }), '--strict'])
    expect(out).toBe(
      '✖ invalid 8x8 vca-response, by a rule callspec inferred, not one 8x8 documents: 8x8/unknown-keys, an error only under --strict (a warning without it)\n' +
        '  ✖ Unrecognized key: "bogus" (received 1) → at callflow[0].params (rule 8x8/unknown-keys, inferred)\n' +
        "  Rule 8x8/unknown-keys, inferred: 8x8's OpenAPI bounds how many keys some callflow objects hold (maxProperties), not what it does with a key it does not name within them.\n" +
        `  callspec's answer, in 8x8's terms: {"status":400,"code":-1009,"message":"Invalid call flow entry provided. $.callflow[0].params.bogus: is not defined in the schema and the schema does not allow additional properties"}\n`,
    )
    expect(code).toBe(1)
  })

  it("EnableX: the HTTP 400 and its body are callspec's, in EnableX's terms", async () => {
    const { code, out } = await cli(['validate', 'enablex', 'play', write('play.json', { text: 'hi', voice: 'female', language: 'en-US', bogus: 1 }), '--strict'])
    expect(out).toBe(
      '✖ invalid enablex play, by a rule callspec inferred, not one EnableX documents: enablex/unknown-keys, an error only under --strict (a warning without it)\n' +
        '  ✖ Unrecognized key: "bogus" (received 1) (rule enablex/unknown-keys, inferred)\n' +
        '  Rule enablex/unknown-keys, inferred: not documented (EnableX documents no rejection of unknown fields).\n' +
        `  callspec's answer, in EnableX's terms: HTTP 400 {"playstate":"failed","result":400,"msg":"Invalid parameter: bogus"}\n`,
    )
    expect(code).toBe(1)
  })

  // helper-124's audit: with no answer line (Webex Connect, Voxology), the headline read as a
  // documented failure's, the inference said only in the trailing tag.
  it('Webex Connect: the headline says the failure is by a rule callspec inferred', async () => {
    const { code, out } = await cli(['validate', 'webex-connect', 'action', write('action.json', { action: 'ANSWER', colour: 'blue' }), '--strict'])
    expect(out.split('\n')[0]).toBe('✖ invalid webex-connect action, by a rule callspec inferred, not one Webex Connect documents: webex-connect/unknown-keys, an error only under --strict (a warning without it)')
    expect(code).toBe(1)
  })

  it('a rule the vendor documents keeps the vendor answer, with or without --strict', async () => {
    const file = write('first-not-makecall.json', { callflow: [say({}), { action: 'hangup' }] })
    for (const strict of [[], ['--strict']]) {
      const { code, out } = await cli(['validate', '8x8', 'callflow', file, ...strict])
      expect(out).toContain('  vendor answer: {"status":422,"code":-1013,"message":"Invalid Callflow : First action should be a MakeCall action"}\n')
      expect(out).not.toContain("callspec's answer")
      expect(out.split('\n')[0]).toBe('✖ invalid 8x8 callflow')
      expect(code).toBe(1)
    }
  })
})

// audit-122: "Expected double-quoted property name in JSON at position 54", a place with no line or column.
describe('callspec validate, a file that is not JSON', () => {
  it('says where, in line and column, as for a scenario file', async () => {
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{\n  "action": "PLAY",\n  "audio": [ { "type": "TTS", text: "hi" } ]\n}\n')
    expect(await cli(['validate', 'webex-connect', 'action', file])).toMatchObject({ code: 2, err: `callspec: cannot read JSON from ${file}:3:31: Expected double-quoted property name\n` })
    const comma = join(dir, 'comma.json')
    writeFileSync(comma, '{ "action": "ANSWER", }')
    expect((await cli(['validate', 'webex-connect', 'action', comma])).err).toBe(
      `callspec: cannot read JSON from ${comma}:1:23: Expected double-quoted property name: a comma before a closing } or ] (JSON allows no trailing comma)\n`,
    )
  })
})
