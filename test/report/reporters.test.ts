import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { htmlReport, jsonReport, junitReport, prettyReport } from '../../src/report/index.js'
import type { RunSummary } from '../../src/report/summary.js'
import { sampleRun } from './run-summary.js'
import { tempDir } from '../helpers/temp-dir.js'

let summary: RunSummary
const dir = tempDir('reports')
beforeAll(async () => {
  summary = await sampleRun()
}, 30_000)

describe('pretty', () => {
  it('lists every call and prints each failure as the DSL does', () => {
    const text = prettyReport(summary)
    expect(text).toMatch(/^✔ balance \(test\/cli\/fixtures\/pass\.yaml:5, \d+ ms\)\n✔ wrong PIN three times .*\n✖ a wrong PIN is not patched through \(test\/cli\/fixtures\/fail\.yaml:1\)\n/)
    expect(text).toContain("── Failure 1/1: a wrong PIN is not patched through ──\n[callspec] turn 3, expectAction('PATCH'")
    expect(text).toContain('Call (webex-connect, inbound +14155550100 → +14155550199, seed')
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 failed, 2 passed, 3 call(s) in 1.2 s')
  })
})

describe('a run that stopped, with calls it left with no result (skipped)', () => {
  const stopped = () => {
    const [balance, wrongPin, fail] = summary.results
    return { ...summary, results: [balance!, fail!], stopped: { type: 'Interrupted', message: 'interrupted (SIGINT)' }, skipped: [{ scenario: wrongPin!.scenario, reason: 'not run: the run stopped before it started' }] }
  }

  it('pretty lists each under the calls, and does not say all passed', () => {
    const text = prettyReport({ ...stopped(), results: [summary.results[0]!] })
    expect(text).toContain('\n○ wrong PIN three times (test/cli/fixtures/pass.yaml:15) skipped: not run: the run stopped before it started\n')
    expect(text.trimEnd().split('\n').at(-1)).toBe('run stopped, 1 passed, 1 skipped, 2 call(s) in 1.2 s')
  })

  it('junit: a <skipped> testcase in its file\'s suite, in the file\'s order, counted in tests and skipped; valid JUnit', () => {
    const xml = junitReport(stopped())
    const file = join(dir, 'skipped.xml')
    writeFileSync(file, xml)
    expect(spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', file], { encoding: 'utf8' }).stderr).toBe(`${file} validates\n`)
    expect(xml).toMatch(/<testsuites name="callspec" tests="4" failures="1" errors="1" time="[\d.]+">/)
    expect(xml).toMatch(
      /<testsuite name="test\/cli\/fixtures\/pass.yaml" tests="2" failures="0" errors="0" skipped="1" time="[\d.]+" timestamp="[^"]+">\n {4}<testcase name="balance" [^\n]+\n {6}<system-out>[^]*?<\/testcase>\n {4}<testcase name="wrong PIN three times" classname="test\/cli\/fixtures\/pass.yaml" time="0.000">\n {6}<skipped message="not run: the run stopped before it started"\/>\n {4}<\/testcase>\n {2}<\/testsuite>/,
    )
  })

  it('json: the calls in the run\'s order, the skipped one in its file between the others (file by file, line by line), as JUnit has them', () => {
    const json = JSON.parse(jsonReport(stopped())) as { calls: Array<{ name: string; file: string; line: number; status: string }> }
    expect(json.calls.map((c) => [c.file, c.line, c.status])).toEqual([
      ['test/cli/fixtures/pass.yaml', 5, 'passed'],
      ['test/cli/fixtures/pass.yaml', 15, 'skipped'],
      ['test/cli/fixtures/fail.yaml', 1, 'failed'],
    ])
  })
})

describe('junit', () => {
  it('is valid JUnit XML (xmllint against the schema), one testcase per call, the transcript in <failure>', () => {
    const xml = junitReport(summary)
    const file = join(dir, 'junit.xml')
    writeFileSync(file, xml)
    const lint = spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', file], { encoding: 'utf8' })
    expect(lint.stderr).toBe(`${file} validates\n`)
    expect(lint.status).toBe(0)
    expect(xml.match(/<testcase /g)).toHaveLength(3)
    expect(xml).toMatch(/<testsuites name="callspec" tests="3" failures="1" errors="0" time="\d+\.\d{3}">/)
    expect(xml).toContain('<testsuite name="test/cli/fixtures/fail.yaml" tests="1" failures="1"')
    expect(xml).toMatch(/<failure message="\[callspec\] turn 3, expectAction\(&apos;PATCH&apos;|<failure message="\[callspec\] turn 3, expectAction\('PATCH'/)
    expect(xml).toContain('  ✖    6.9s  3 → COLLECTED_DIGITS   &quot;1243&quot; + #')
    expect(xml).toContain('    at test/cli/fixtures/fail.yaml:9:5 (scenario &quot;a wrong PIN is not patched through&quot;)</failure>')
  })

  it('fails xmllint when the document breaks the schema (the check can fail)', () => {
    const file = join(dir, 'broken.xml')
    writeFileSync(file, junitReport(summary).replace(/<testcase name="balance"/, '<testcase title="balance"'))
    const lint = spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', file], { encoding: 'utf8' })
    expect(lint.stderr).toContain("The attribute 'name' is required but missing.")
    expect(lint.status).not.toBe(0)
  })
})

describe('json', () => {
  it('has each call with its status, place, events, transcript and diagram', () => {
    const report = JSON.parse(jsonReport(summary))
    expect(report).toMatchObject({ total: 3, passed: 2, failed: 1, startedAt: '2026-11-30T12:00:00.000Z' })
    expect(report.calls[2]).toMatchObject({
      name: 'a wrong PIN is not patched through',
      file: 'test/cli/fixtures/fail.yaml',
      line: 1,
      status: 'failed',
      // After the failing turn the call still ends on the platform's side (end-after-failure.ts).
      events: ['ACCEPTED', 'ANSWERED', 'COLLECTED_DIGITS', 'DROPPED'],
      failure: {
        headline: `[callspec] turn 3, expectAction('PATCH', { dialedNumber: "+14155550142" }): expected action PATCH { dialedNumber: "+14155550142" }, got PLAY TTS "That PIN is not right. Please enter your PIN, foll…", collectInput(# ends, 5 s)`,
        at: { file: 'test/cli/fixtures/fail.yaml', line: 9, column: 5 },
        turn: 3,
      },
    })
    expect(report.calls[2].mermaid).toMatch(/^sequenceDiagram\n/)
    expect(report.calls[0]).toMatchObject({ status: 'passed', failure: null })
  })
})

describe('html', () => {
  it('opens from disk in headless Chromium with every call, failures first, each diagram rendered', () => {
    const file = join(dir, 'report.html')
    const html = htmlReport(summary)
    writeFileSync(file, html)
    // Self-contained: nothing to fetch.
    expect(html).not.toMatch(/<script|<link|src=|url\(http/)
    const dom = execFileSync(
      '/usr/bin/chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'chromium')}`, '--dump-dom', `file://${file}`],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    )
    const sections = [...dom.matchAll(/<section class="call (passed|failed)" id="call-\d+">\s*<h2>(.*?)<\/h2>/g)].map((m) => [m[1], m[2]])
    expect(sections).toEqual([
      ['failed', '✖ a wrong PIN is not patched through'],
      ['passed', '✔ balance'],
      ['passed', '✔ wrong PIN three times'],
    ])
    const svgs = dom.match(/<svg[^>]*class="sequence"[\s\S]*?<\/svg>/g) ?? []
    expect(svgs).toHaveLength(3)
    expect(svgs[0]).toContain('>webex-connect</text>')
    expect(svgs[0]).toMatch(/fill="#dc2626"[^>]*><title>✖ PLAY TTS "That PIN is not right/)
    expect(svgs[0]).toContain('✖ turn 3: expectAction(')
    expect(svgs[1]).toMatch(/<\/title>\d+\.\ds ☎ presses 1234#<\/text>/)
  }, 90_000)

  // audit-122: the run's panels (a coverage panel per platform) came above every call, failures several screens down.
  it('puts the run-wide panels after the failed calls and before the passed ones', () => {
    const html = htmlReport(summary, [{ title: 'Menu coverage and call graph (webex-connect)', html: '<p>panel</p>' }])
    const at = (text: string) => html.indexOf(text)
    expect(at('<section class="call failed"')).toBeGreaterThan(-1)
    expect(at('<section class="call failed"')).toBeLessThan(at('<section class="extra">'))
    expect(at('<section class="extra">')).toBeLessThan(at('<section class="call passed"'))
  })
})

describe('--coverage-threshold in the reports', () => {
  // Two platforms, a threshold not met on one: each threshold a testcase named with its platform.
  const thresholds = () => [
    { platform: 'webex-connect', metric: 'inputs' as const, threshold: 80, percent: 40, met: false, failure: 'callspec menu coverage for inputs (40%) does not meet the threshold (80%)', summary: 'callspec menu coverage for inputs (40%) does not meet the threshold (80%)' },
    { platform: 'twilio', metric: 'inputs' as const, threshold: 80, percent: 90, met: true, failure: null, summary: 'callspec menu coverage for inputs (90%) meets the threshold (80%)' },
  ]

  it('junit: a "callspec coverage" suite, a testcase per threshold and platform, the one not met a <failure> counted in the totals; valid JUnit', () => {
    const xml = junitReport({ ...summary, coverageThresholds: thresholds() })
    const file = join(dir, 'coverage.xml')
    writeFileSync(file, xml)
    expect(spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', file], { encoding: 'utf8' }).stderr).toBe(`${file} validates\n`)
    expect(xml).toMatch(/<testsuites name="callspec" tests="5" failures="2" errors="0" time="[\d.]+">/)
    expect(xml.replace(/timestamp="[^"]+"/, 'timestamp="…"')).toContain(
      [
        '  <testsuite name="callspec coverage" tests="2" failures="1" errors="0" skipped="0" time="0.000" timestamp="…">',
        '    <testcase name="menu coverage: inputs ≥ 80% [webex-connect]" classname="callspec coverage" time="0.000">',
        '      <failure message="callspec menu coverage for inputs (40%) does not meet the threshold (80%)" type="CoverageThreshold">callspec menu coverage for inputs (40%) does not meet the threshold (80%)</failure>',
        '    </testcase>',
        '    <testcase name="menu coverage: inputs ≥ 80% [twilio]" classname="callspec coverage" time="0.000">',
        '      <system-out>callspec menu coverage for inputs (90%) meets the threshold (80%)</system-out>',
        '    </testcase>',
        '  </testsuite>',
      ].join('\n'),
    )
  })

  it('json and html: which threshold failed', () => {
    const json = JSON.parse(jsonReport({ ...summary, coverageThresholds: thresholds() })) as { coverageThresholds: unknown[] }
    expect(json.coverageThresholds).toEqual([
      { platform: 'webex-connect', metric: 'inputs', threshold: 80, percent: 40, met: false, failure: 'callspec menu coverage for inputs (40%) does not meet the threshold (80%)' },
      { platform: 'twilio', metric: 'inputs', threshold: 80, percent: 90, met: true, failure: null },
    ])
    const html = htmlReport({ ...summary, coverageThresholds: thresholds() })
    expect(html).toContain('<title>callspec: coverage below threshold, 1 failed (3 calls)</title>')
    expect(html).toContain('<section class="call failed coverage"><h2>✖ Menu coverage below its threshold</h2><pre>callspec menu coverage for inputs (40%) does not meet the threshold (80%)</pre></section>')
    expect(htmlReport(summary)).not.toContain('coverage below threshold')
  })
})
