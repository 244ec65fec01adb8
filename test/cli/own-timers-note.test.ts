import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES, xmlEscaped } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { tempDir } from '../helpers/temp-dir.js'

// audit-86 finding 3: an app by URL that acted on a timer of its own got the TypeScript API's
// advice, "run it in-process, under callspec/agent, or with time: 'real'", none of which a
// scenario file or `callspec run` offers (time: is no setting of a file; no option puts a --start
// app under callspec/agent). Under `callspec run` the note names what the file and the command can do.
describe('callspec run: a --start app that hangs up on a real timer of its own, 1.5 s after its goodbye', () => {
  it("the transcript's note names limits.appTimeoutMs and --app, not time: 'real' or callspec/agent", async () => {
    const dir = tempDir('own-timers')
    const port = await freePort()
    const { code, err } = await cliProcess([
      'run',
      `${FIXTURES}/enablex/billing.yaml`,
      '--api',
      '0',
      '--start',
      `exec node ${FIXTURES}/apps/enablex-by-url.mjs ${port} 1500`,
      '--wait-on',
      `http://127.0.0.1:${port}/health`,
      '--reporter',
      `junit:${dir}/junit.xml`,
    ])
    expect(err).toMatch(/^enablex's REST API \(callspec's fake\) at http:\/\/127\.0\.0\.1:\d+: CALLSPEC_ENABLEX_API_URL\ncallspec: junit report written to [^\n]+\ncallspec run: all passed, 1 passed, 1 call\(s\) in [\d.]+ s\n$/)
    expect(code).toBe(0)
    const junit = readFileSync(`${dir}/junit.xml`, 'utf8')
    const note = new RegExp(
      `· the app acted on its own 1\\.\\d s \\(real\\) after turn \\d+: ${xmlEscaped(
        "an app by URL (--target, --start) runs its timers in real time, not on the call's clock; a wait longer than limits.appTimeoutMs (now 4 s) fails the call: if the app waits so on purpose, set limits: { appTimeoutMs: … } in the scenario file; a JavaScript app loaded with --app runs in callspec's process, its timers on the call's clock",
      ).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`,
    )
    expect(junit).toMatch(note)
    expect(junit).not.toMatch(/callspec\/agent|time: &apos;real&apos;|time: 'real'/)
  }, 30_000)
})
