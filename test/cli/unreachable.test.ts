import { spawn } from 'node:child_process'
import dns from 'node:dns'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, cliProcess, FIXTURES } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { tempDir } from '../helpers/temp-dir.js'

/**
 * Runs the command with JUnit and JSON reports to files; returns both. In this process, unless
 * `fresh`: callspec remembers the origins that answered in a process (to tell a crash from an app
 * never started), and a port an earlier test file's server answered on may come back from the kernel.
 */
async function reportsOf(target: string, file: string, ...more: string[]) {
  return reportsBy(cli, target, file, ...more)
}

async function reportsBy(run: (args: string[]) => Promise<{ code: number | null; err: string }>, target: string, file: string, ...more: string[]) {
  const dir = tempDir('unreachable')
  const { code, err } = await run(['run', file, '--target', target, '--reporter', `junit:${dir}/junit.xml`, '--reporter', `json:${dir}/calls.json`, '--concurrency', '1', ...more])
  const json = JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as { calls: Array<{ failure: { headline: string; unreachable: string | null } }> }
  return { code, err, xml: readFileSync(`${dir}/junit.xml`, 'utf8'), failures: json.calls.map((c) => c.failure) }
}

// The transport marks the error (its `unreachable` field), the session's error and the scenario's
// result keep it, and the reports read it: not the words of the message.
// 20 s: the runs are quick (1 s alone), but two of them took 5.1-5.8 s in whole-suite runs beside
// other heavy work (load 7-8 on two cores) and failed vitest's default 5 s for that alone.
describe('callspec run: an app that could not be reached is a JUnit <error>, told by data', { timeout: 20_000 }, () => {
  it('nothing ever listened at the target', async () => {
    const port = await freePort()
    // In a process of its own: "nothing ever listened" must not depend on what an earlier test in this worker reached (a full run once said "any more: did the app crash?").
    const { code, err, xml, failures } = await reportsBy(cliProcess, `http://127.0.0.1:${port}`, `${FIXTURES}/shard/a.yaml`)
    expect(xml).toContain('<testsuites name="callspec" tests="1" failures="0" errors="1" ')
    expect(xml).toContain(
      `<error message="[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://127.0.0.1:${port}/webex/events): nothing listens at 127.0.0.1:${port}: is the app running? (connection refused)" type="AppResponseError">`,
    )
    expect(failures).toEqual([expect.objectContaining({ unreachable: `127.0.0.1:${port}` })])
    // No call reached the app: exit 2, an environment failure a CI job can tell from a failed call (before: 1).
    expect(err.endsWith(`\ncallspec run: no call reached the app: nothing listened at 127.0.0.1:${port} (exit 2: the run could not go on). Is the app running there?\n`), err).toBe(true)
    expect(code).toBe(2)
  })

  it("an outbound call's startedBy request found nothing listening", async () => {
    const port = await freePort()
    // In a process of its own, as the test above (a full run said "any more: did the app crash?" here too).
    const { code, xml, failures } = await reportsBy(cliProcess, `http://127.0.0.1:${port}`, 'examples/scenarios/8x8/appointment-reminder.yaml', '--api', '0')
    expect(xml).toMatch(/<testsuites name="callspec" tests="(\d+)" failures="0" errors="\1" /)
    expect(failures[0]!.headline).toContain(`startedBy() failed before the app's Send Callflow request (POST /api/v1/subaccounts/{subAccountId}/callflows): nothing listens at 127.0.0.1:${port}: is the app running?`)
    expect(failures.map((f) => f.unreachable)).toEqual(failures.map(() => `127.0.0.1:${port}`))
    expect(code).toBe(2)
  })

  it('the app died during the call (nothing listens there any more)', async () => {
    const port = await freePort()
    const app = spawn(process.execPath, [`${FIXTURES}/apps/dies-when-answered.mjs`, String(port)], { stdio: 'ignore' })
    try {
      for (let i = 0; i < 100 && !(await answers(`http://127.0.0.1:${port}/health`)); i++) await new Promise((r) => setTimeout(r, 50))
      const { code, xml, failures } = await reportsOf(`http://127.0.0.1:${port}`, `${FIXTURES}/shard/a.yaml`)
      expect(xml).toContain('<testsuites name="callspec" tests="1" failures="0" errors="1" ')
      expect(xml).toMatch(new RegExp(`<error message="\\[callspec\\] turn 2, expectAction\\('PLAY'\\): no answer to ANSWERED \\(POST http://127\\.0\\.0\\.1:${port}/webex/events\\): nothing listens at 127\\.0\\.0\\.1:${port} any more: did the app crash\\? \\(`))
      // The failing turn, from the error's data: no step marked it (the answer never came).
      expect(failures).toEqual([expect.objectContaining({ unreachable: `127.0.0.1:${port}`, turn: 2 })])
      expect(code).toBe(1)
    } finally {
      app.kill()
    }
  }, 30_000)
})

// A mistyped host is the same "environment broken" case as a port where nothing listens: no call
// reached the app, so exit 2 with a line that says the host was not found (audit-108: it exited 1,
// as a call that failed). The reports are as for any call that could not reach the app.
describe('callspec run: the target\'s host name does not resolve', () => {
  it('a host that does not exist (ENOTFOUND): exit 2, the host was not found, a JUnit <error> as before', async () => {
    const { code, err, xml, failures } = await reportsOf('http://no-such-host.invalid:8000', `${FIXTURES}/shard/a.yaml`)
    expect(xml).toContain('<testsuites name="callspec" tests="1" failures="0" errors="1" ')
    expect(failures).toEqual([expect.objectContaining({ unreachable: 'no-such-host.invalid:8000' })])
    // The call's own failure says the host was not found, not "nothing listens at …: is the app running?".
    expect(xml).toContain('the host no-such-host.invalid was not found: is the host name right? (')
    expect(xml).not.toContain('nothing listens at no-such-host')
    expect(err.endsWith('\ncallspec run: no call reached the app: host not found: no-such-host.invalid:8000 (exit 2: the run could not go on). Is the host name right?\n'), err).toBe(true)
    expect(code).toBe(2)
  })

  it('a DNS that does not answer (EAI_AGAIN) counts as the host not found too', async () => {
    // getaddrinfo's temporary failure, as a resolver that is down gives it: dns.lookup is what the HTTP client's connect asks.
    const lookup = dns.lookup
    Object.assign(dns, {
      lookup(host: string, ...rest: unknown[]) {
        const callback = rest.at(-1) as (error: Error) => void
        if (host !== 'dns-down.invalid') return (lookup as (...args: unknown[]) => unknown).call(dns, host, ...rest)
        process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN', syscall: 'getaddrinfo', hostname: host })))
      },
    })
    try {
      const { code, err, xml, failures } = await reportsOf('http://dns-down.invalid:8000', `${FIXTURES}/shard/a.yaml`)
      expect(xml).toContain('<testsuites name="callspec" tests="1" failures="0" errors="1" ')
      expect(failures).toEqual([expect.objectContaining({ unreachable: 'dns-down.invalid:8000' })])
      expect(err.endsWith('\ncallspec run: no call reached the app: host not found: dns-down.invalid:8000 (exit 2: the run could not go on). Is the host name right?\n'), err).toBe(true)
      expect(code).toBe(2)
    } finally {
      Object.assign(dns, { lookup })
    }
  })

  it('a host not found and a port where nothing listens, in one run: both said, exit 2', async () => {
    const port = await freePort()
    const dir = tempDir('unreachable-two')
    const file = (name: string, target: string) => {
      writeFileSync(join(dir, name), readFileSync(`${FIXTURES}/shard/a.yaml`, 'utf8').replace('name: shard file a', `name: ${name}\ntarget: ${target}`))
      return relative(process.cwd(), join(dir, name))
    }
    const { code, err } = await cli(['run', file('a.yaml', `http://127.0.0.1:${port}`), file('b.yaml', 'http://no-such-host.invalid:8000'), '--concurrency', '1'])
    expect(err).toBe(`\ncallspec run: no call reached the app: nothing listened at 127.0.0.1:${port}; host not found: no-such-host.invalid:8000 (exit 2: the run could not go on). Is the app running there? Is the host name right?\n`)
    expect(code).toBe(2)
  })
})

const answers = (url: string) =>
  fetch(url).then(
    () => true,
    () => false,
  )
