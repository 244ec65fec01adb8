import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cli, FIXTURES, passYamlSkipped, xmlEscaped } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { isAlive, pidFrom } from '../helpers/is-alive.js'
import { tempDir } from '../helpers/temp-dir.js'
import { cliNodeArgs } from '../helpers/cli-command.js'

// A run that stops (exit 2) once its files are read still writes the reports CI reads: the calls
// that finished, and why it stopped as an error. Before, none was written (a JUnit step found
// nothing, or the last run's file), and the calls that had finished were lost.
const xml = xmlEscaped
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const reportsDir = () => tempDir('stopped-reports')
const validates = (file: string) => spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', file], { encoding: 'utf8' }).stderr
const junitOf = (file: string) => readFileSync(file, 'utf8').replace(/timestamp="[^"]+"/g, 'timestamp="…"')
const skippedSuite = (file: string, name: string, reason = 'not run: the run stopped before it started') => [
  `  <testsuite name="${file}" tests="1" failures="0" errors="0" skipped="1" time="0.000" timestamp="…">`,
  `    <testcase name="${xml(name)}" classname="${file}" time="0.000">`,
  `      <skipped message="${xml(reason)}"/>`,
  '    </testcase>',
  '  </testsuite>',
]
const stoppedSuite = (message: string, type = 'CallspecUsageError') => [
  '  <testsuite name="callspec run" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="…">',
  '    <testcase name="run stopped" classname="callspec run" time="0.000">',
  `      <error message="${xml(message.split('\n')[0]!)}" type="${type}">${xml(message)}</error>`,
  '    </testcase>',
  '  </testsuite>',
]

describe('callspec run: a run that stopped, in the reports', () => {
  it('junit: an app that exits before it answers --wait-on is a "run stopped" <error> of type AppExited (not a usage error); exit 2', async () => {
    const dir = reportsDir()
    const command = 'echo "port in use" >&2; exit 3'
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', command, '--wait-on', 'http://127.0.0.1:9/health', '--reporter', `junit:${dir}/junit.xml`])
    // The first line, the JUnit message, says why: the app's last word (before, it ended in "Its output:").
    const message = `--start ${JSON.stringify(command)} exited with code 3 before http://127.0.0.1:9/health answered; its last output: "port in use".\nIts output:\nport in use`
    expect(err).toBe(`callspec run: ${message}\ncallspec: junit report written to ${dir}/junit.xml\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
    expect(validates(`${dir}/junit.xml`)).toBe(`${dir}/junit.xml validates\n`)
    expect(readFileSync(`${dir}/junit.xml`, 'utf8').replace(/timestamp="[^"]+"/g, 'timestamp="…"')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="callspec" tests="3" failures="0" errors="1" time="0.000">',
        ...stoppedSuite(message, 'AppExited'),
        // The file's calls, none started: skipped, not left out.
        ...passYamlSkipped('not run: the run stopped before it started'),
        '</testsuites>',
        '',
      ].join('\n'),
    )
  }, 30_000)

  it('junit, json and pretty: an app that exits during the run keeps the calls that finished; the one it cut off is not passed, and stderr names it and its step', async () => {
    const dir = reportsDir()
    const port = await freePort()
    const command = `node ${FIXTURES}/apps/dies-on-second-call.mjs ${port}`
    const args = ['run', `${FIXTURES}/shard/a.yaml`, `${FIXTURES}/shard/b.yaml`, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--concurrency', '1']
    const { code, out, err } = await cli([...args, '--reporter', 'pretty', '--reporter', `junit:${dir}/junit.xml`, '--reporter', `json:${dir}/calls.json`])
    // The app got the second call's first webhook and died on it: refused or reset, as the race goes.
    const headline = String.raw`turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http://127\.0\.0\.1:${port}/webex/events\): nothing listens at 127\.0\.0\.1:${port} any more: did the app crash\? \([^)\n]+\)`
    const stderr = new RegExp(
      `^callspec run: (--start ${escapeRegExp(JSON.stringify(command))} exited with code 3 during the run, which stopped there; its last output: "FATAL: second call \\(simulated\\)"\\.\nThe call under way: "shard file b" \\(${FIXTURES}/shard/b\\.yaml:1\\), ${headline}\nIts output:\nFATAL: second call \\(simulated\\))\ncallspec: junit report written to ${escapeRegExp(dir)}/junit\\.xml\ncallspec: json report written to ${escapeRegExp(dir)}/calls\\.json\n$`,
    )
    expect(err).toMatch(stderr)
    const message = stderr.exec(err)![1]!
    // The pretty lines of the calls that finished, the failure of the one cut off, and the totals (before, stdout was empty).
    expect(out).toMatch(
      new RegExp(
        `^✔ shard file a \\(${FIXTURES}/shard/a\\.yaml:1, \\d+ ms\\)\n✖ shard file b \\(${FIXTURES}/shard/b\\.yaml:1\\)\n\n── Failure 1/1: shard file b ──\n\\[callspec\\] ${headline} The app \\(--start\\) exited with code 3 during this call\\.\n[^]*\n\n1 failed, 1 passed, 2 call\\(s\\) in [\\d.]+ s\n$`,
      ),
    )
    expect(code).toBe(2)

    expect(validates(`${dir}/junit.xml`)).toBe(`${dir}/junit.xml validates\n`)
    const junit = readFileSync(`${dir}/junit.xml`, 'utf8').replace(/timestamp="[^"]+"/g, 'timestamp="…"')
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="callspec" tests="3" failures="0" errors="2" time="[\d.]+">\n/)
    expect(junit).toContain(stoppedSuite(message, 'AppExited').join('\n'))
    // The first call passed, its transcript kept; the second, under way when the app exited, is an <error>.
    expect(junit).toMatch(/<testcase name="shard file a" classname="test\/cli\/fixtures\/shard\/a.yaml" time="[\d.]+">\n {6}<system-out>Call \(webex-connect/)
    expect(junit).toMatch(
      /<testcase name="shard file b" classname="test\/cli\/fixtures\/shard\/b.yaml" time="[\d.]+">\n {6}<error message="\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/127.0.0.1:\d+\/webex\/events\): nothing listens at 127.0.0.1:\d+ any more: did the app crash\?/,
    )
    expect(junit.match(/<testcase /g)).toHaveLength(3)

    const json = JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as { total: number; passed: number; failed: number; invalidFiles: unknown[]; stopped: unknown; calls: Array<{ name: string; status: string; reason?: string }> }
    expect(json).toMatchObject({ total: 2, passed: 1, failed: 1, skipped: 0, invalidFiles: [], stopped: { message } })
    expect(json.calls.map((c) => [c.name, c.status, c.reason])).toEqual([
      ['shard file a', 'passed', undefined],
      ['shard file b', 'failed', undefined],
    ])
  }, 30_000)

  it('junit: --wait-on that never answers is a "run stopped" <error> of type NotReady; exit 2', async () => {
    const dir = reportsDir()
    const port = await freePort()
    const command = 'exec sleep 30'
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--wait-timeout', '1s', '--reporter', `junit:${dir}/junit.xml`])
    const message = `http://127.0.0.1:${port}/health did not answer within 1 s of --start ${JSON.stringify(command)}: nothing listened at 127.0.0.1:${port} (connection refused). Is that the port and URL the app listens on? (Its output may say.) If the app only starts slowly, raise --wait-timeout.\nIts output:\n(none)`
    expect(err).toBe(`callspec run: ${message}\ncallspec: junit report written to ${dir}/junit.xml\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
    expect(validates(`${dir}/junit.xml`)).toBe(`${dir}/junit.xml validates\n`)
    expect(junitOf(`${dir}/junit.xml`)).toContain(stoppedSuite(message, 'NotReady').join('\n'))
  }, 30_000)

  it('junit: a --wait-on port another process holds is a "run stopped" <error> of type PortInUse; exit 2', async () => {
    const dir = reportsDir()
    const stale = createServer((_, res) => res.end('stale')).listen(0, '127.0.0.1')
    await once(stale, 'listening')
    try {
      const port = (stale.address() as AddressInfo).port
      const command = `node -e "require('http').createServer().listen(${port}, '127.0.0.1')"`
      const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--reporter', `junit:${dir}/junit.xml`])
      expect(err).toContain(`\nhttp://127.0.0.1:${port}/health answered before it started: another process holds that port. Is a server left running there?\ncallspec: junit report written to ${dir}/junit.xml\n`)
      expect(code).toBe(2)
      expect(validates(`${dir}/junit.xml`)).toBe(`${dir}/junit.xml validates\n`)
      const message = err.slice('callspec run: '.length, err.indexOf('\ncallspec: junit report written'))
      expect(junitOf(`${dir}/junit.xml`)).toContain(stoppedSuite(message, 'PortInUse').join('\n'))
    } finally {
      stale.close()
    }
  }, 30_000)

  it('json (stdout) and html (file): a scenario with no target stops the run; pretty writes nothing (the message on stderr is it)', async () => {
    const dir = reportsDir()
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--reporter', 'json', '--reporter', `html:${dir}/calls.html`])
    const message = `${FIXTURES}/pass.yaml:5: scenario "balance" has no target: pass --target <url> or --app <module>, or add target: to the file`
    expect(err).toBe(`callspec run: ${message}\ncallspec: html report written to ${dir}/calls.html\n`)
    expect(code).toBe(2)
    const json = JSON.parse(out) as { calls: Array<{ name: string; status: string; reason?: string }> }
    expect(json).toMatchObject({ total: 2, passed: 0, failed: 0, skipped: 2, invalidFiles: [], stopped: { message } })
    expect(json.calls.map((c) => [c.name, c.status, c.reason])).toEqual([
      ['balance', 'skipped', 'not run: the run stopped before it started'],
      ['wrong PIN three times', 'skipped', 'not run: the run stopped before it started'],
    ])
    const html = readFileSync(`${dir}/calls.html`, 'utf8')
    expect(html).toContain('<title>callspec: run stopped, 0 passed, 2 skipped (2 calls)</title>')
    expect(html).toContain('<span>0 passed</span><span>2 skipped</span><span>2 calls</span>')
    expect(html).toContain(`<section class="call failed stopped"><h2>✖ The run stopped</h2><pre>${xml(message)}</pre></section>`)
    expect(html).toContain(
      `<section class="call skipped"><h2>○ balance</h2>\n<div class="meta">${FIXTURES}/pass.yaml:5 · webex-connect · skipped</div>\n<p>not run: the run stopped before it started</p></section>`,
    )
    expect((await cli(['run', `${FIXTURES}/pass.yaml`])).out).toBe('')
  })
})

describe('callspec run: no scenario file matched, or bad arguments, in the reports', () => {
  // Exit 2 before any file is read: before, no report was written, and CI found no junit file at all.
  const cwd = process.cwd()

  it('junit (file) and json (stdout): a pattern that matches no scenario file is a "run stopped" <error>; exit 2', async () => {
    const dir = reportsDir()
    const { code, out, err } = await cli(['run', `${FIXTURES}/none-here/*.yaml`, '--target', 'http://127.0.0.1:9', '--reporter', `junit:${dir}/junit.xml`, '--reporter', 'json'])
    const message = `no scenario files (.yaml, .yml, .json) match "${FIXTURES}/none-here/*.yaml" in ${cwd}`
    expect(err).toBe(`callspec run: ${message}\ncallspec: junit report written to ${dir}/junit.xml\n`)
    expect(code).toBe(2)
    expect(validates(`${dir}/junit.xml`)).toBe(`${dir}/junit.xml validates\n`)
    expect(junitOf(`${dir}/junit.xml`)).toBe(
      ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="callspec" tests="1" failures="0" errors="1" time="0.000">', ...stoppedSuite(message), '</testsuites>', ''].join('\n'),
    )
    expect(JSON.parse(out)).toMatchObject({ total: 0, passed: 0, failed: 0, skipped: 0, invalidFiles: [], stopped: { message }, calls: [] })
  })

  it('junit and html: an unknown option is a "run stopped" <error> naming it, with did-you-mean; the usage hint stays on stderr; exit 2', async () => {
    const dir = reportsDir()
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--taget', 'http://127.0.0.1:9', '--reporter', `junit:${dir}/junit.xml`, '--reporter', `html:${dir}/calls.html`])
    // Before (audit-86), Node's parseArgs text: `Unknown option '--taget'. To specify a positional argument … as in '-- "--taget"`.
    const message = 'unknown option --taget (did you mean --target?)'
    expect(err).toBe(`callspec run: ${message}\nRun callspec run --help for the options.\ncallspec: junit report written to ${dir}/junit.xml\ncallspec: html report written to ${dir}/calls.html\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
    expect(validates(`${dir}/junit.xml`)).toBe(`${dir}/junit.xml validates\n`)
    expect(junitOf(`${dir}/junit.xml`)).toBe(
      ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="callspec" tests="1" failures="0" errors="1" time="0.000">', ...stoppedSuite(message), '</testsuites>', ''].join('\n'),
    )
    const html = readFileSync(`${dir}/calls.html`, 'utf8')
    expect(html).toContain('<title>callspec: run stopped, 0 passed (0 calls)</title>')
    expect(html).toContain(`<section class="call failed stopped"><h2>✖ The run stopped</h2><pre>${xml(message).replace(/'/g, '&#39;')}</pre></section>`)
  })

  it('json (file): a bad --shard is the stopped reason; exit 2', async () => {
    const dir = reportsDir()
    const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--target', 'http://127.0.0.1:9', '--shard', '4/3', '--reporter', `json:${dir}/calls.json`])
    const message = '--shard is i/n with 1 ≤ i ≤ n, such as 1/3; got "4/3"'
    expect(err).toBe(`callspec run: ${message}\nRun callspec run --help for the options.\ncallspec: json report written to ${dir}/calls.json\n`)
    expect(code).toBe(2)
    expect(JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8'))).toMatchObject({ total: 0, invalidFiles: [], stopped: { message }, calls: [] })
  })

  it('an unknown --reporter: the reporters that could be read are written, that one is not; exit 2', async () => {
    const dir = reportsDir()
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--target', 'http://127.0.0.1:9', '--reporter', `xml:${dir}/calls.xml`, '--reporter', `junit:${dir}/junit.xml`])
    const message = 'unknown --reporter "xml": one of pretty, junit, json, html'
    expect(err).toBe(`callspec run: ${message}\nRun callspec run --help for the options.\ncallspec: junit report written to ${dir}/junit.xml\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
    expect(junitOf(`${dir}/junit.xml`)).toContain(stoppedSuite(message).join('\n'))
    expect(existsSync(`${dir}/calls.xml`)).toBe(false)
  })
})

describe('callspec run: interrupted (SIGTERM, SIGINT)', () => {
  // A CI job cancelled sends SIGTERM; Ctrl-C, SIGINT. Either stops the --start app and writes the
  // reports of what finished, the call under way marked as cut off, then exits 143 or 130.
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s: stops the app, writes junit and json with the finished call, the one cut off and the one not started (skipped); exit %i', async (signal, exitCode) => {
    const dir = reportsDir()
    const port = await freePort()
    const command = `echo $$ > ${dir}/pid; exec node ${FIXTURES}/apps/hangs-on-second-call.mjs ${port} ${dir}/hanging`
    const child = spawn(
      process.execPath,
      cliNodeArgs(['run', `${FIXTURES}/shard/a.yaml`, `${FIXTURES}/shard/b.yaml`, `${FIXTURES}/shard/c.yaml`, '--concurrency', '1', '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--reporter', `junit:${dir}/junit.xml`, '--reporter', `json:${dir}/calls.json`]),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    for (let i = 0; i < 600 && !existsSync(`${dir}/hanging`); i++) await new Promise((r) => setTimeout(r, 50))
    const appPid = await pidFrom(`${dir}/pid`)
    expect(isAlive(appPid)).toBe(true)
    child.kill(signal)
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)))
    const message = `interrupted (${signal}): 1 of 3 calls finished; cut off, no result: ${FIXTURES}/shard/b.yaml:1 "shard file b"; 1 not started`
    expect(err).toBe(`callspec run: ${message}\ncallspec: junit report written to ${dir}/junit.xml\ncallspec: json report written to ${dir}/calls.json\n`)
    expect(code).toBe(exitCode)
    expect(isAlive(appPid)).toBe(false)
    const junit = junitOf(`${dir}/junit.xml`)
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="callspec" tests="4" failures="0" errors="1" time="[\d.]+">\n/)
    expect(junit).toContain(`<testcase name="run stopped" classname="callspec run" time="0.000">\n      <error message="${xml(message)}" type="Interrupted">`)
    // The call cut off and the one never started: skipped, each saying why (before, neither had a testcase).
    expect(junit).toContain(
      [...skippedSuite(`${FIXTURES}/shard/b.yaml`, 'shard file b', 'cut off under way when the run stopped: no result'), ...skippedSuite(`${FIXTURES}/shard/c.yaml`, 'shard file c'), '</testsuites>', ''].join('\n'),
    )
    expect(junit).toMatch(/<testcase name="shard file a" classname="test\/cli\/fixtures\/shard\/a.yaml" time="[\d.]+">\n {6}<system-out>Call \(webex-connect/)
    expect(validates(`${dir}/junit.xml`)).toBe(`${dir}/junit.xml validates\n`)
    const json = JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as { calls: Array<{ name: string; status: string; reason?: string }> }
    expect(json).toMatchObject({ total: 3, passed: 1, failed: 0, skipped: 2, stopped: { message } })
    expect(json.calls.map((c) => [c.name, c.status, c.reason])).toEqual([
      ['shard file a', 'passed', undefined],
      ['shard file b', 'skipped', 'cut off under way when the run stopped: no result'],
      ['shard file c', 'skipped', 'not run: the run stopped before it started'],
    ])
  }, 60_000)
})
