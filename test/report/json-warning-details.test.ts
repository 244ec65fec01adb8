/**
 * helper-124's audit, finding 7: the JSON report's `warnings` are the printed lines, so a dashboard
 * that treats callspec's own inferences apart from documented rules had to parse "(inferred".
 * Each call now has `warningDetails` beside them: the turn, the rule cited and whether callspec
 * inferred it. Driven over real HTTP: `callspec run` against an app by URL, JSON report read back.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { expect, it } from 'vitest'
import { cli } from '../cli/run-cli.js'
import { stubServer } from '../helpers/stub-server.js'
import { tempDir } from '../helpers/temp-dir.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

const dir = tempDir('json-warning-details')
// ANSWER with a 201 (documented: answer-status-200, set to warn below), a PLAY with a key the docs
// do not name (inferred: unknown-keys), then a HANGUP no step expects (unconsumed: warn, no rule).
const app = stubServer(
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return (res: ServerResponse) => void res.writeHead(201, { 'content-type': 'application/json' }).end('{"action":"ANSWER"}')
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Hello.')], colour: 'blue' }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  }),
)

it('lists each warning with its turn, its rule and whether callspec inferred it', async () => {
  const file = `${dir}/warned.yaml`
  writeFileSync(file, 'platform: webex-connect\nname: warned\nunconsumed: warn\nrules: { webex-connect/answer-status-200: warn }\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n  - silent: 3s\n')
  const { code } = await cli(['run', file, '--target', app.url, '--reporter', `json:${dir}/report.json`])
  expect(code).toBe(0)
  const [call] = (JSON.parse(readFileSync(`${dir}/report.json`, 'utf8')) as { calls: Array<{ warnings: string[]; warningDetails: unknown[] }> }).calls
  expect(call!.warningDetails).toEqual([
    { turn: 1, rule: 'webex-connect/answer-status-200', inferred: false, text: expect.stringMatching(/^turn 1: .*HTTP 201.*\(rule webex-connect\/answer-status-200\)$/) },
    { turn: 2, rule: 'webex-connect/unknown-keys', inferred: true, text: expect.stringMatching(/^turn 2: .*"colour".*\(rule webex-connect\/unknown-keys, inferred\)$/) },
    { turn: null, rule: null, inferred: null, text: expect.stringContaining('HANGUP') },
  ])
  // The same warnings, in the same order, as the printed lines.
  expect((call!.warningDetails as Array<{ text: string }>).map((d) => d.text)).toEqual(call!.warnings)
})
