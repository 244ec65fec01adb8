import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES, xmlEscaped } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { isAlive, pidFrom } from '../helpers/is-alive.js'
import { tempDir } from '../helpers/temp-dir.js'

// A --start app that exits in the middle of the run. Before, a call could still start before the
// exit was seen, and failed as "connection refused" as though the app were there to test; the calls
// not run said only "the run stopped", and the call it cut short only that nothing listened.
// Now: the calls not run are skipped, naming the exit and the app's last output; the call under
// way fails saying the app exited during it.
const xml = xmlEscaped
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const callspec = (args: string[]) => cliProcess(['run', ...args])

describe('callspec run: a --start app that exits after its first answer', () => {
  it('the call under way fails saying the app exited; the calls after it are skipped naming the exit and its last output; exit 2', async () => {
    const dir = tempDir('app-exits')
    const port = await freePort()
    const command = `echo $$ > ${dir}/pid; exec node ${FIXTURES}/apps/exits-after-first-answer.mjs ${port}`
    const files = ['a', 'b', 'c'].map((f) => `${FIXTURES}/shard/${f}.yaml`)
    const run = callspec([...files, '--concurrency', '1', '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--reporter', 'pretty', '--reporter', `junit:${dir}/junit.xml`, '--reporter', `json:${dir}/calls.json`])
    const appPid = await pidFrom(`${dir}/pid`)
    const { code, out, err } = await run
    expect(isAlive(appPid)).toBe(false)

    // stderr names the call under way and its failing step (before, only the app's exit and output).
    const step = String.raw`turn 2, expectAction\('PLAY'\): no answer to ANSWERED \(POST http://127\.0\.0\.1:${port}/webex/events\): nothing listens at 127\.0\.0\.1:${port} any more: did the app crash\? \([^)\n]+\)`
    const stderr = new RegExp(
      `^callspec run: (--start ${escapeRegExp(JSON.stringify(command))} exited with code 4 during the run, which stopped there; its last output: "answered once, now exiting \\(simulated\\)"\\.\nThe call under way: "shard file a" \\(${FIXTURES}/shard/a\\.yaml:1\\), ${step}\nIts output:\nanswered once, now exiting \\(simulated\\))\ncallspec: junit report written to ${escapeRegExp(dir)}/junit\\.xml\ncallspec: json report written to ${escapeRegExp(dir)}/calls\\.json\n$`,
    )
    expect(err).toMatch(stderr)
    const stopped = stderr.exec(err)![1]!
    // The pretty report of what the run got to (before, stdout was empty): the call cut off, the ones not run, the failure, the totals.
    expect(out).toMatch(
      new RegExp(
        `^✖ shard file a \\(${FIXTURES}/shard/a\\.yaml:1\\)\n○ shard file b \\(${FIXTURES}/shard/b\\.yaml:1\\) skipped: not run: the app \\(--start\\) exited with code 4 before it started; its last output: "answered once, now exiting \\(simulated\\)"\n○ shard file c [^\n]*\n\n── Failure 1/1: shard file a ──\n\\[callspec\\] ${step} The app \\(--start\\) exited with code 4 during this call\\.\n[^]*\n\n1 failed, 0 passed, 2 skipped, 3 call\\(s\\) in [\\d.]+ s\n$`,
      ),
    )
    expect(code).toBe(2)

    // The app exited between the first webhook of call a (answered) and its second (refused, or reset as it went).
    const cutShort = new RegExp(
      String.raw`^\[callspec\] turn 2, expectAction\('PLAY'\): no answer to ANSWERED \(POST http://127\.0\.0\.1:${port}/webex/events\): nothing listens at 127\.0\.0\.1:${port} any more: did the app crash\? \((connection refused|the connection was reset before a response came back)\) The app \(--start\) exited with code 4 during this call\.$`,
    )
    const notRun = 'not run: the app (--start) exited with code 4 before it started; its last output: "answered once, now exiting (simulated)"'
    const json = JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as { calls: Array<{ name: string; status: string; reason?: string; failure: { headline: string; unreachable: string | null } | null }> }
    expect(json).toMatchObject({ total: 3, passed: 0, failed: 1, skipped: 2, stopped: { message: stopped } })
    expect(json.calls.map((c) => [c.name, c.status, c.reason])).toEqual([
      ['shard file a', 'failed', undefined],
      ['shard file b', 'skipped', notRun],
      ['shard file c', 'skipped', notRun],
    ])
    expect(json.calls[0]!.failure!.headline).toMatch(cutShort)
    expect(json.calls[0]!.failure!.unreachable).toBe(`127.0.0.1:${port}`)

    const junit = readFileSync(`${dir}/junit.xml`, 'utf8')
    expect(junit).toMatch(/<testsuites name="callspec" tests="4" failures="0" errors="2" time="[\d.]+">/)
    // The app's exit, not a misuse of callspec: its own type.
    expect(junit).toContain(`<testcase name="run stopped" classname="callspec run" time="0.000">\n      <error message="${xml(stopped.split('\n')[0]!)}" type="AppExited">${xml(stopped)}</error>`)
    expect(junit).toMatch(/<testcase name="shard file a" classname="test\/cli\/fixtures\/shard\/a.yaml" time="[\d.]+">\n {6}<error message="[^"]* The app \(--start\) exited with code 4 during this call\." type="AppResponseError">/)
    for (const f of ['b', 'c']) {
      expect(junit).toContain(`<testcase name="shard file ${f}" classname="${FIXTURES}/shard/${f}.yaml" time="0.000">\n      <skipped message="${xml(notRun)}"/>\n    </testcase>`)
    }
  }, 60_000)

  it('an app that exits right after a call passed: the next call is skipped naming the exit, or (its request already sent) fails saying the app exited during it; never a bare connection failure', async () => {
    const dir = tempDir('app-exits')
    const port = await freePort()
    const command = `node ${FIXTURES}/apps/exits-after-first-call.mjs ${port}`
    const files = ['a', 'b', 'c'].map((f) => `${FIXTURES}/shard/${f}.yaml`)
    const { code, err } = await callspec([...files, '--concurrency', '1', '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--reporter', `json:${dir}/calls.json`])
    // Call b under way (its request sent before the app was gone) is named with its failing step; skipped, it is not.
    const underWay = String.raw`\nThe call under way: "shard file b" \(${FIXTURES}/shard/b\.yaml:1\), turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED [^\n]*`
    expect(err).toMatch(
      new RegExp(
        `^callspec run: --start ${escapeRegExp(JSON.stringify(command))} exited with code 5 during the run, which stopped there; its last output: "DROPPED answered, now exiting \\(simulated\\)"\\.(${underWay})?\nIts output:\nDROPPED answered, now exiting \\(simulated\\)\ncallspec: json report written to ${escapeRegExp(dir)}/calls\\.json\n$`,
      ),
    )
    expect(code).toBe(2)
    const notRun = 'not run: the app (--start) exited with code 5 before it started; its last output: "DROPPED answered, now exiting (simulated)"'
    const json = JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as { calls: Array<{ name: string; status: string; reason?: string; failure: { headline: string } | null }> }
    const [a, b, c] = json.calls
    expect([a!.name, a!.status]).toEqual(['shard file a', 'passed'])
    // Whether call b's first request went out before the app was gone is a race: either way, it says the app exited.
    if (b!.status === 'skipped') expect(b!.reason).toBe(notRun)
    else expect(b!.failure!.headline).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED .* The app \(--start\) exited with code 5 during this call\.$/)
    expect([c!.name, c!.status, c!.reason]).toEqual(['shard file c', 'skipped', notRun])
  }, 60_000)
})
