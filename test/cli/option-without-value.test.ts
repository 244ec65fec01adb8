import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cli, cliProcess, FIXTURES, xmlEscaped } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// An option that takes a value, given none and followed by another option (`--target --reporter
// junit:x`): before, the parser took `--reporter` as the URL, so the report CI reads was lost and
// the error was Node's own ("argument is ambiguous"). Now the option is refused by name, exit 2,
// and the reports asked for are written, as for any other bad argument.
const xml = xmlEscaped

const callspec = (args: string[]) => cliProcess(['run', ...args])

describe('callspec run: an option that takes a value, given none', () => {
  it('--target followed by --reporter: "--target needs a value (a URL), got the option --reporter"; exit 2; the junit report is written', async () => {
    const dir = tempDir('no-value')
    const { code, out, err } = await callspec([`${FIXTURES}/pass.yaml`, '--target', '--reporter', `junit:${dir}/junit.xml`])
    const message = '--target needs a value (a URL), got the option --reporter'
    expect(err).toBe(`callspec run: ${message}\nRun callspec run --help for the options.\ncallspec: junit report written to ${dir}/junit.xml\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
    expect(readFileSync(`${dir}/junit.xml`, 'utf8').replace(/timestamp="[^"]+"/g, 'timestamp="…"')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="callspec" tests="1" failures="0" errors="1" time="0.000">',
        '  <testsuite name="callspec run" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="…">',
        '    <testcase name="run stopped" classname="callspec run" time="0.000">',
        `      <error message="${xml(message)}" type="CallspecUsageError">${xml(message)}</error>`,
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    )
  }, 30_000)

  it('--start, --reporter and a last option given nothing: each named by the first one; the json report still written', async () => {
    const dir = tempDir('no-value')
    const start = await callspec([`${FIXTURES}/pass.yaml`, '--start', '--wait-on', 'http://127.0.0.1:9/health', '--reporter', `json:${dir}/start.json`])
    expect(start.err).toBe(`callspec run: --start needs a value (a command), got the option --wait-on\nRun callspec run --help for the options.\ncallspec: json report written to ${dir}/start.json\n`)
    expect(start.code).toBe(2)
    expect(JSON.parse(readFileSync(`${dir}/start.json`, 'utf8'))).toMatchObject({ total: 0, stopped: { message: '--start needs a value (a command), got the option --wait-on' }, calls: [] })

    // --reporter given no value: the other --reporter is still written, and no file is named "--target".
    const reporter = await callspec([`${FIXTURES}/pass.yaml`, '--reporter', '--target', 'http://127.0.0.1:9', '--reporter', `json:${dir}/reporter.json`])
    expect(reporter.err).toBe(
      `callspec run: --reporter needs a value (a reporter: pretty, junit, json or html, with :file or not), got the option --target\nRun callspec run --help for the options.\ncallspec: json report written to ${dir}/reporter.json\n`,
    )
    expect(reporter.code).toBe(2)

    const last = await callspec([`${FIXTURES}/pass.yaml`, '--reporter', `json:${dir}/last.json`, '--target'])
    expect(last.err).toBe(`callspec run: --target needs a value (a URL), got nothing\nRun callspec run --help for the options.\ncallspec: json report written to ${dir}/last.json\n`)
    expect(last.code).toBe(2)
    expect(existsSync(`${dir}/last.json`)).toBe(true)
  }, 30_000)

  it('a value given with = may start with a dash: --target=--x is read as the value (and refused as no URL)', async () => {
    const { code, err } = await callspec([`${FIXTURES}/pass.yaml`, '--target=--reporter'])
    expect(err).toBe('callspec run: --target is a URL such as http://127.0.0.1:8000, got "--reporter"\nRun callspec run --help for the options.\n')
    expect(code).toBe(2)
  }, 30_000)
})

// One reading of the arguments for every command (src/cli/read-args.ts): run scanned argv itself
// and left out --seed (Node's `Option '--seed <value>' argument missing`), while explore and dial
// said `--from needs a value, got the option after it`, naming neither what it takes nor the option.
describe('every command: an option given no value, in the same words', () => {
  it.each([
    [['run', `${FIXTURES}/pass.yaml`, '--seed'], 'callspec run: --seed needs a value (a whole number or random), got nothing'],
    [['explore', 'http://127.0.0.1:9', '--platform', 'voxology', '--seed', '-5'], 'callspec explore: --seed needs a value (a whole number), got -5, read as an option (a value that starts with "-" is written --seed=-5)'],
    [['explore', 'http://127.0.0.1:9', '--platform', '--from', '+14155550100'], 'callspec explore: --platform needs a value (a platform: webex-connect, enablex, 8x8, voxology), got the option --from'],
    [['dial', 'http://127.0.0.1:9', '--save', '--platform', 'voxology'], 'callspec dial: --save needs a value (a file), got the option --platform'],
    [['schema', '--out'], 'callspec schema: --out needs a value (a directory), got nothing'],
  ])('%j', async (argv, message) => {
    const { code, out, err } = await cli(argv)
    expect(err).toBe(`${message}\nRun callspec ${argv[0]} --help for the options.\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
  })
})
