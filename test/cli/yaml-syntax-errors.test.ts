import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES, passYamlSkipped, xmlEscaped } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// A scenario file that is not valid YAML is an invalid file like any other: the run lists every
// invalid file (not only the YAML one), each at the line and column to fix, runs no call (exit 2),
// and the reports list the valid files' calls as skipped. The place of an unclosed quote or bracket
// is where it opens, not the end of the file (a line the file does not even have).
const xml = xmlEscaped

const callspec = (args: string[]) => cliProcess(['run', ...args])

const dir = tempDir('yaml-syntax')
/** A file in the temp dir, named relative to the run's cwd as the messages name it. */
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return relative(process.cwd(), join(dir, name))
}

describe('callspec run: YAML syntax errors among other files', () => {
  it('every invalid file listed with file:line:column (the unclosed quote and bracket where they open); the valid file\'s calls skipped in junit and json; exit 2', async () => {
    const quote = file('a-quote.yaml', 'platform: webex-connect\nname: greeting\nsteps:\n  - expect: ANSWER\n  - say: "my order\n  - hangup\n')
    const bracket = file('b-bracket.yaml', 'platform: webex-connect\nname: menu\nsteps:\n  - expect: [ANSWER\n  - hangup\n')
    const tab = file('c-tab.yaml', 'platform: webex-connect\nname: tab\nsteps:\n\t- expect: ANSWER\n')
    const typo = `${FIXTURES}/invalid-files/action-typo.yaml`
    const problems = [
      `${quote}:5:10: not valid YAML: a quoted string is not closed: add the closing quote (Missing closing "quote)`,
      `${bracket}:4:13: not valid YAML: a [ is not closed: end the list with ], or write its items as lines of "- " (Flow sequence in block collection must be sufficiently indented and end with a ])`,
      `${tab}:4:1: not valid YAML: a tab is used to indent: YAML indents with spaces only`,
      `${typo}:4:13: webex-connect has no action "PLAYY" (did you mean "PLAY"?); its actions are ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT`,
    ]
    const { code, out, err } = await callspec([`${FIXTURES}/pass.yaml`, typo, quote, bracket, tab, '--target', 'http://127.0.0.1:9', '--reporter', `junit:${dir}/junit.xml`, '--reporter', 'json'])
    expect(err).toBe(`callspec run: 4 scenario files are invalid, no call was run:\n${problems.join('\n')}\ncallspec: junit report written to ${dir}/junit.xml\n`)
    expect(code).toBe(2)

    const json = JSON.parse(out) as { invalidFiles: Array<{ file: string; line: number; column: number; message: string }>; calls: Array<{ name: string; status: string; reason?: string }> }
    expect(json).toMatchObject({ total: 2, passed: 0, failed: 0, skipped: 2, stopped: null })
    expect(json.invalidFiles.map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      [quote, 5, 10, problems[0]],
      [bracket, 4, 13, problems[1]],
      [tab, 4, 1, problems[2]],
      [typo, 4, 13, problems[3]],
    ])
    expect(json.calls.map((c) => [c.name, c.status, c.reason])).toEqual([
      ['balance', 'skipped', 'not run: other scenario files are invalid'],
      ['wrong PIN three times', 'skipped', 'not run: other scenario files are invalid'],
    ])

    const lint = spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', `${dir}/junit.xml`], { encoding: 'utf8' })
    expect(lint.stderr).toBe(`${dir}/junit.xml validates\n`)
    const junit = readFileSync(`${dir}/junit.xml`, 'utf8').replace(/timestamp="[^"]+"/g, 'timestamp="…"')
    expect(junit).toContain('<testsuites name="callspec" tests="6" failures="0" errors="4" time="0.000">')
    for (const message of problems) {
      const f = message.slice(0, message.indexOf(':'))
      expect(junit).toContain(`    <testcase name="invalid scenario file" classname="${f}" time="0.000">\n      <error message="${xml(message)}" type="ScenarioFileError">${xml(message)}</error>`)
    }
    expect(junit).toContain(passYamlSkipped('not run: other scenario files are invalid').join('\n'))
  }, 30_000)

  it('a YAML file alone: its error at the place to fix, no call run, exit 2', async () => {
    const quote = file('alone.yaml', "platform: webex-connect\nname: alone\nsteps:\n  - expect: PLAY\n    match: { audio: 'Welcome }\n")
    const { code, err } = await callspec([quote, '--target', 'http://127.0.0.1:9'])
    expect(err).toBe(`callspec run: ${quote}:5:21: not valid YAML: a quoted string is not closed: add the closing quote (Missing closing 'quote)\n`)
    expect(code).toBe(2)
  }, 30_000)

  // h201: `match:` one space short of the `expect:` of its step, the commonest slip writing a step's
  // second key, was said in YAML's own words, `Sequence item without - indicator`, which names no key.
  it('a step\'s second key one space short of its first: said as a key out of line with its list item, at the key', async () => {
    const short = file('short.yaml', 'platform: webex-connect\nname: short\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n   match: { audio: [{ text: hi }] }\n  - hangup\n')
    const { code, err } = await callspec([short, '--target', 'http://127.0.0.1:9'])
    expect(err).toBe(
      `callspec run: ${short}:6:4: not valid YAML: a key is not lined up with the list item it belongs to: the keys of one "- " item start in the same column as its first key, the one right after "- " (Sequence item without - indicator)\n`,
    )
    expect(code).toBe(2)
  }, 30_000)

  it('an alias with no anchor before it: a YAML error at the alias, not "expected a single value here"', async () => {
    const alias = file('alias.yaml', 'platform: webex-connect\nname: alias\nsteps:\n  - expect: ANSWER\n  - say: *greeting\n')
    const { code, err } = await callspec([alias, '--target', 'http://127.0.0.1:9'])
    expect(err).toBe(
      `callspec run: ${alias}:5:10: not valid YAML: *greeting has no anchor &greeting before it (an alias repeats a value marked &greeting earlier in the file; to write text starting with *, quote it)\n`,
    )
    expect(code).toBe(2)
  }, 30_000)
})
