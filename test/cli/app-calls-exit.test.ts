/**
 * helper-186: an --app runs in callspec's process, so an app's process.exit ended callspec itself:
 * as it loaded (a missing setting), `callspec run` exited 1, "a call failed" to CI, with only the
 * app's own line on stderr; during a call it exited with the app's code, the calls that had passed
 * not even printed, and no report written (a CI job kept the last run's). Now the run stops (exit
 * 2) saying where the app called process.exit and which call it cut off, and the reports are written.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const file = `${FIXTURES}/app-exit/calls.yaml`

describe('callspec run --app: an app that calls process.exit', () => {
  it('during a call: the run stops there, names the call and the line, writes the reports, exits 2', { timeout: 60_000 }, async () => {
    const dir = tempDir('app-calls-exit')
    const app = `${FIXTURES}/apps/exits-on-caller.mjs`
    const { code, out, err } = await cliProcess(['run', file, '--app', app, '--concurrency', '1', '--reporter', 'pretty', '--reporter', `junit:${dir}/junit.xml`])
    expect(out).toMatch(
      new RegExp(
        `^✔ a call that passes \\(${file}:4, \\d+ ms\\)\\n` +
          `○ the call the app exits on \\(${file}:7\\) skipped: cut off under way when the run stopped: no result\\n` +
          `○ a call after it \\(${file}:10\\) skipped: not run: the run stopped before it started\\n\\n` +
          `run stopped, 1 passed, 2 skipped, 3 call\\(s\\) in [\\d.]+ s\\n$`,
      ),
    )
    const stopped =
      `the app (--app ${app}) called process.exit(4) at ${app}:7:68 during the run, which stopped there (in production that ends the app: the platform's next webhook finds nothing listening): ` +
      `1 of 3 calls finished; cut off, no result: ${file}:7 "the call the app exits on"; 1 not started`
    expect(err).toBe(`callspec run: ${stopped}\ncallspec: junit report written to ${dir}/junit.xml\n`)
    const junit = readFileSync(`${dir}/junit.xml`, 'utf8')
    expect(junit).toContain(`<error message="${stopped.replace(/"/g, '&quot;')}" type="AppExited">`)
    expect(junit).toContain('<testsuites name="callspec" tests="4" failures="0" errors="1"')
    expect(code).toBe(2)
  })

  it('as it loads: "cannot load --app", where it called process.exit, exit 2', { timeout: 60_000 }, async () => {
    const app = `${FIXTURES}/apps/exits-as-it-loads.mjs`
    const { code, out, err } = await cliProcess(['run', file, '--app', app])
    expect(out).toBe('')
    expect(err).toBe(`DB_URL is not set\ncallspec run: cannot load --app ${app}: it called process.exit(1) at ${app}:4:11 as it loaded (its output above may say why)\n`)
    expect(code).toBe(2)
  })
})
