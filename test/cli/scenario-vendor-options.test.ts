/**
 * A scenario file's `vendor:` is checked as the file loads, as callTo() and the call's start check
 * it (src/dsl/check-options.ts): each problem at the key or value at fault, exit 2, no call run.
 * Before (brief h218), a wrong one was found as each call started: `ranOut: stop` or
 * `audioDurationsMs: 3000` failed every scenario of the file with the same message ("3 failed").
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const dir = tempDir('vendor-options')
const app = 'examples/scenarios/8x8/app.ts'
const example = readFileSync('examples/scenarios/8x8/appointment-reminder.yaml', 'utf8')
const VENDOR = 'vendor: { subAccountId: citydental_voice, apiKey: key_test_citydental }'
const TAIL = "or leave it out for callspec's default (its behaviour notes say what each does)."

/** The 8x8 example with its `vendor:` line written so (line 4), and `edit` applied to the rest. */
function scenario(name: string, vendor: string, edit: (text: string) => string = (t) => t): string {
  const file = relative(process.cwd(), `${dir}/${name}.yaml`)
  expect(example).toContain(VENDOR)
  writeFileSync(file, edit(example.replace(VENDOR, vendor)))
  return file
}

describe("a scenario file's vendor options", { timeout: 60_000 }, () => {
  it('refuses a value of the wrong shape before any call, at the value', async () => {
    const file = scenario('shape', `${VENDOR.slice(0, -2)}, audioDurationsMs: 3000 }`)
    const { code, out, err } = await cli(['run', file, '--app', app])
    expect(err).toBe(`callspec run: ${file}:4:90: 8x8's vendor option audioDurationsMs is 3000: give an object of audio file URLs to milliseconds, such as { "https://example.com/hold.wav": 4000 }, ${TAIL}\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('refuses an unknown option with the name meant, and a value not listed, each at its place', async () => {
    const file = scenario('names', 'vendor: { ranout: ask, ranOut: stop }')
    const { code, out, err } = await cli(['run', file, '--app', app])
    expect(err).toBe(
      `callspec run: ${file}:4:11: 8x8's vendor options have no "ranout" (did you mean "ranOut"?): they are subAccountId, apiKey, vcaPath, vssPath, vcsPath, ranOut, flatDtmf, voiceProfiles, allowedSources, uncoveredPrefixes, audioDurationsMs, failOnSessionError (its behaviour notes say what each does).\n` +
        `${file}:4:32: 8x8's vendor option ranOut is "stop": give "ask" or "end", ${TAIL}\n`,
    )
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it("refuses a scenario's own vendor, before platform: too, each key within it at its place", async () => {
    // platform: after vendor:, and a scenario's vendor: with a wrong key within a map.
    const file = scenario('per-scenario', 'vendor: { flatDtmf: "no" }', (text) =>
      `${text.replace('platform: "8x8"\n', '').replace('  - name: the patient confirms with 1\n', '  - name: the patient confirms with 1\n    vendor:\n      audioDurationsMs: { "https://example.com/a.wav": -1 }\n')}platform: "8x8"\n`,
    )
    const { code, out, err } = await cli(['run', file, '--app', app])
    expect(err).toBe(
      `callspec run: ${file}:3:21: 8x8's vendor option flatDtmf is "no": give true or false, ${TAIL}\n` +
        `${file}:8:56: 8x8's vendor option audioDurationsMs["https://example.com/a.wav"] is -1: give a number of milliseconds, 0 or more, or leave audioDurationsMs out for callspec's default (its behaviour notes say what each does).\n`,
    )
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('runs a file whose vendor options are right', async () => {
    const file = scenario('right', `${VENDOR.slice(0, -2)}, ranOut: end, audioDurationsMs: { "https://example.com/hold.wav": 4000 } }`)
    const { code, out, err } = await cli(['run', file, '--app', app])
    expect({ code, err }).toEqual({ code: 0, err: '' })
    expect(out).toContain('3 passed')
  })
})
