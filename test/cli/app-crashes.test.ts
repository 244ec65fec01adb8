import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// audit-81 finding 1: an --app whose async listener rejected, or that threw in process.nextTick,
// while it handled a webhook ended `callspec run` with a raw stack from callspec's own code, exit 1,
// an empty stdout and no report written; under vitest the same call failed cleanly. Now the CLI, as
// the runner, fails that call with the error and runs the others; the reports are written.
const file = `${FIXTURES}/app-crashes/calls.yaml`

describe('callspec run --app: an app that crashes in the background while it handles a webhook', () => {
  it('fails each such call with the error, runs the others, writes the reports, exits 1', { timeout: 60_000 }, async () => {
    const dir = tempDir('app-crashes')
    const { code, out, err } = await cliProcess(['run', file, '--app', `${FIXTURES}/apps/crashes-in-background.mjs`, '--concurrency', '1', '--reporter', 'pretty', '--reporter', `junit:${dir}/junit.xml`])
    expect(err).not.toContain('if (raise) throw reason')
    expect(out).toContain(`✖ rejects before answering (${file}:4)\n✖ rejects after answering (${file}:7)\n✖ throws in nextTick (${file}:10)\n✔ a call that passes (${file}:13,`)
    const url = 'http://app.callspec.local/webex/events'
    const crashed = `an uncaught exception while the app handled the request (in production, one of the app's crashes it)`
    const rejected = 'an unhandled promise rejection while the app handled the request (in production Node ends the app on one)'
    expect(out).toContain(`[callspec] turn 2, expectHangup(): no answer to ANSWERED (POST ${url}): ${rejected}: Error: async listener rejected before answering ANSWERED\n    at `)
    // Answered, then rejected: the turn it answered fails, as for a throw after res.end().
    expect(out).toContain(
      `[callspec] turn 2, expectHangup(): the app answered ANSWERED (POST ${url}) with HTTP 200, then left a promise rejection unhandled while still handling it (Node ends the process on an unhandled rejection: in production it crashes the app, and the platform's next webhook finds no app): Error: async listener rejected after answering ANSWERED\n    at `,
    )
    expect(out).toContain(`[callspec] turn 2, expectHangup(): no answer to ANSWERED (POST ${url}): ${crashed}: Error: nextTick threw while handling ANSWERED\n    at `)
    expect(out).toMatch(/\n3 failed, 1 passed, 4 call\(s\) in [\d.]+ s\n$/)
    expect(readFileSync(`${dir}/junit.xml`, 'utf8')).toMatch(/<testsuites name="callspec" tests="4" failures="3" errors="0" time="[\d.]+">/)
    expect(err).toBe(`callspec: junit report written to ${dir}/junit.xml\n`)
    expect(code).toBe(1)
  })
})
