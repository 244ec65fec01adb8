/**
 * helper-186: a .json file saved by a Windows editor (Notepad, PowerShell 5's Out-File) starts with
 * a UTF-8 byte order mark. `callspec run` refused such a scenario file, and `callspec validate` such
 * a payload, at 1:1 with "Unexpected token '\uFEFF'": a character the terminal does not show, so the
 * message named nothing to fix. YAML files with one ran. Now the mark is skipped, as JSON allows.
 */
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES, cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const BOM = '\uFEFF'

describe('a JSON file that starts with a byte order mark (CRLF lines, as Windows writes them)', () => {
  it('callspec run: runs the scenario file; a problem in it is placed as an editor counts', async () => {
    const dir = tempDir('bom')
    const call = `{\r\n  "platform": "webex-connect",\r\n  "webhookPath": "/webex/events",\r\n  "from": "+14155550101",\r\n  "name": "answered",\r\n  "steps": [{ "expect": "ANSWER" }, { "expect": "HANGUP" }, "expectHangup"]\r\n}\r\n`
    writeFileSync(`${dir}/call.json`, `${BOM}${call}`)
    const file = relative(process.cwd(), `${dir}/call.json`)
    const ran = await cli(['run', file, '--app', `${FIXTURES}/apps/exits-on-caller.mjs`])
    expect(ran.err).toBe('')
    expect(ran.out).toMatch(new RegExp(`^✔ answered \\(${file}:1, \\d+ ms\\)\\n\\nall passed, 1 passed, 1 call\\(s\\) in [\\d.]+ s\\n$`))
    expect(ran.code).toBe(0)

    writeFileSync(`${dir}/typo.json`, `${BOM}{ "platform": "webex-connect", "steps": [{ "pres": "1" }] }\r\n`)
    const typo = await cli(['run', relative(process.cwd(), `${dir}/typo.json`), '--app', `${FIXTURES}/apps/exits-on-caller.mjs`])
    expect(typo.err).toBe(`callspec run: ${relative(process.cwd(), `${dir}/typo.json`)}:1:44: unknown step "pres" (did you mean "press"?): a step is one of expect, expectHangup, press, say, silent, hangup, heard\n`)
    expect(typo.code).toBe(2)
  })

  it('callspec validate: checks the payload', async () => {
    const file = `${tempDir('bom-validate')}/hangup.json`
    writeFileSync(file, `${BOM}{ "action": "hangup" }\r\n`)
    const { code, out, err } = await cli(['validate', '8x8', 'action', file])
    expect(err).toBe('')
    expect(out).toBe('✔ valid 8x8 action\n')
    expect(code).toBe(0)
  })
})
