import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { junitReport } from '../../src/report/index.js'
import { ScenarioFileError } from '../../src/scenario/scenario-error.js'
import { cli, FIXTURES, passYamlSkipped } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// An invalid file stops the run before any call (exit 2), and the reports CI reads say why:
// before, none was written, and a JUnit reader showed a run with no tests, or the last run's report.
const ACTION_TYPO = `${FIXTURES}/invalid-files/action-typo.yaml:4:13: webex-connect has no action "PLAYY" (did you mean "PLAY"?); its actions are ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT`
// Where the unclosed [ opens (before: 6:1, where YAML gave up, a line after the file's last).
const BROKEN_YAML = `${FIXTURES}/invalid-yaml/broken.yaml:5:13: not valid YAML: a [ is not closed: end the list with ], or write its items as lines of "- " (Flow sequence in block collection must be sufficiently indented and end with a ])`
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')

describe('callspec run: invalid scenario files in the reports', () => {
  const run = async (...reporters: string[]) => {
    const dir = tempDir('invalid-reports')
    const files = [`${FIXTURES}/pass.yaml`, `${FIXTURES}/invalid-files/action-typo.yaml`, `${FIXTURES}/invalid-yaml/broken.yaml`]
    const result = await cli(['run', ...files, '--target', 'http://127.0.0.1:9', ...reporters.flatMap((r) => ['--reporter', r.replace('DIR', dir)])])
    return { ...result, dir }
  }

  it('junit: a <testsuite> per invalid file, its one <testcase> in <error>; the valid file\'s calls skipped; no call ran; exit 2', async () => {
    const { code, out, err, dir } = await run('junit:DIR/junit.xml')
    expect(err).toBe(`callspec run: 2 scenario files are invalid, no call was run:\n${ACTION_TYPO}\n${BROKEN_YAML}\ncallspec: junit report written to ${dir}/junit.xml\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
    const lint = spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', `${dir}/junit.xml`], { encoding: 'utf8' })
    expect(lint.stderr).toBe(`${dir}/junit.xml validates\n`)
    const report = readFileSync(`${dir}/junit.xml`, 'utf8').replace(/timestamp="[^"]+"/g, 'timestamp="…"')
    expect(report).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="callspec" tests="4" failures="0" errors="2" time="0.000">',
        ...[ACTION_TYPO, BROKEN_YAML].flatMap((message) => {
          const file = message.slice(0, message.indexOf(':'))
          return [
            `  <testsuite name="${file}" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="…">`,
            `    <testcase name="invalid scenario file" classname="${file}" time="0.000">`,
            `      <error message="${xml(message)}" type="ScenarioFileError">${xml(message)}</error>`,
            '    </testcase>',
            '  </testsuite>',
          ]
        }),
        // The valid file's calls: not run, and listed so (before, they had no testcase at all).
        ...passYamlSkipped('not run: other scenario files are invalid'),
        '</testsuites>',
        '',
      ].join('\n'),
    )
  })

  it('json (stdout) and html (file): the invalid files, the valid file\'s calls skipped; pretty writes nothing (the message on stderr is it)', async () => {
    const { code, out, err, dir } = await run('json', 'html:DIR/calls.html')
    const report = JSON.parse(out) as { total: number; calls: Array<{ name: string; status: string; reason: string }>; invalidFiles: unknown[] }
    expect(report).toMatchObject({ total: 2, passed: 0, failed: 0, skipped: 2 })
    expect(report.calls.map((c) => [c.name, c.status, c.reason])).toEqual([
      ['balance', 'skipped', 'not run: other scenario files are invalid'],
      ['wrong PIN three times', 'skipped', 'not run: other scenario files are invalid'],
    ])
    expect(report.invalidFiles).toEqual([
      { file: `${FIXTURES}/invalid-files/action-typo.yaml`, line: 4, column: 13, message: ACTION_TYPO },
      { file: `${FIXTURES}/invalid-yaml/broken.yaml`, line: 5, column: 13, message: BROKEN_YAML },
    ])
    const html = readFileSync(`${dir}/calls.html`, 'utf8')
    expect(html).toContain('<title>callspec: 2 invalid file(s)</title>')
    expect(html).toContain(`<h2>✖ ${FIXTURES}/invalid-files/action-typo.yaml: invalid scenario file</h2><pre>${xml(ACTION_TYPO)}</pre>`)
    expect(err).toMatch(/^callspec run: 2 scenario files are invalid, no call was run:\n/)
    expect(code).toBe(2)
    expect((await run('pretty')).out).toBe('')
  })

  it("junit: the <error>'s message is the first line, its body the whole message", () => {
    const error = new ScenarioFileError({ file: 'pin.yaml', line: 3, column: 5 }, 'press must be quoted\n  press: 0123 is the number 123')
    const report = junitReport({ results: [], invalidFiles: [error], ms: 0, startedAt: new Date('2026-11-30T12:00:00Z') })
    expect(report).toContain('<error message="pin.yaml:3:5: press must be quoted" type="ScenarioFileError">pin.yaml:3:5: press must be quoted\n  press: 0123 is the number 123</error>')
  })
})
