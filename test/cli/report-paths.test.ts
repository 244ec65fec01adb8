/**
 * Where `--reporter` files go is checked before any call runs (audit-108): a report path that
 * could not be written crashed the run after every call had run, with a stack trace of callspec's
 * (`junit:reports/`, `junit:` with no file name), and the reports after it were never written; two
 * reports on one file, or one on the scenario file being run, overwrote it silently.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, FIXTURES, startPinIvr } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const run = (...reporters: string[]) => cli(['run', `${FIXTURES}/pass.yaml`, '--target', url, ...reporters.flatMap((r) => ['--reporter', r])])
const rel = (path: string) => relative(process.cwd(), path)

describe('--reporter files that cannot be written as asked: exit 2 before any call, the other reports written', () => {
  it('a directory, and a reporter with no file name', async () => {
    const dir = tempDir('cli-report-paths')
    mkdirSync(join(dir, 'reports'))
    const { code, out, err } = await run(`junit:${rel(join(dir, 'reports'))}`, 'junit:', `json:${rel(join(dir, 'calls.json'))}`)
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toBe(
      `callspec run: --reporter junit:${rel(join(dir, 'reports'))} names a directory: name a file in it, such as junit:${rel(join(dir, 'reports', 'junit.xml'))}; ` +
        '--reporter junit: needs a file name after the colon, such as junit:reports/junit.xml\n' +
        `callspec: json report written to ${rel(join(dir, 'calls.json'))}\n`,
    )
    // The report that could be written says why the run stopped; no call ran.
    const json = JSON.parse(readFileSync(join(dir, 'calls.json'), 'utf8')) as { stopped?: { message: string }; results?: unknown[] }
    expect(json.stopped?.message).toContain('names a directory')
  })

  it('two reports on one file, one on the scenario file being run, one under a file', async () => {
    const dir = tempDir('cli-report-paths')
    const scenario = join(dir, 'copy.yaml')
    writeFileSync(scenario, readFileSync(`${FIXTURES}/pass.yaml`, 'utf8'))
    writeFileSync(join(dir, 'notes.txt'), 'x')
    const { code, err } = await cli([
      'run', rel(scenario), '--target', url,
      '--reporter', `junit:${rel(join(dir, 'out.xml'))}`, '--reporter', `json:${rel(join(dir, 'out.xml'))}`,
      '--reporter', `html:${rel(scenario)}`, '--reporter', `pretty:${rel(join(dir, 'notes.txt', 'run.txt'))}`,
    ])
    expect(code).toBe(2)
    expect(err).toContain(`--reporter json:${rel(join(dir, 'out.xml'))} writes the same file as --reporter junit:${rel(join(dir, 'out.xml'))}: give each report its own file`)
    expect(err).toContain(`--reporter html:${rel(scenario)} would overwrite a scenario file this run reads: give the report a file of its own, such as html:reports/calls.html`)
    expect(err).toContain(`--reporter pretty:${rel(join(dir, 'notes.txt', 'run.txt'))} cannot be written: ${rel(join(dir, 'notes.txt'))} is a file, not a directory`)
    // The scenario file is intact, and the first of the two on out.xml is the one written.
    expect(readFileSync(scenario, 'utf8')).toBe(readFileSync(`${FIXTURES}/pass.yaml`, 'utf8'))
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toMatch(/^<\?xml/)
  })
})

it('a report that fails as it is written (the disk refuses it) is said, without a stack trace; the others are written; exit 2', async () => {
  const dir = tempDir('cli-report-paths')
  // /proc takes no new files: found only when written.
  const { code, out, err } = await run('pretty', `junit:/proc/callspec-${process.pid}.xml`, `json:${rel(join(dir, 'calls.json'))}`)
  expect(out).toContain('all passed, 2 passed, 2 call(s)')
  expect(err).toMatch(new RegExp(`^callspec run: could not write the junit report to /proc/callspec-${process.pid}\\.xml: E[A-Z]+: [^\\n]+\\ncallspec: json report written to `))
  expect(err).not.toMatch(/\n\s+at /)
  expect(err).toContain('callspec run: a report could not be written (see above; exit 2).')
  expect(existsSync(join(dir, 'calls.json'))).toBe(true)
  expect(code).toBe(2)
})
