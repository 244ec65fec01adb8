/**
 * `limits.quietGraceMs` in a scenario file: the real time an in-process app (--app) that answered
 * and went quiet is given before the wait for its next request fails. callTo() took it, and its
 * failure said "limits.quietGraceMs gives it longer"; a scenario file refused it (h209:
 * `unknown limit "quietGraceMs"; limits takes responseTimeoutMs, appTimeoutMs, maxVirtualMs,
 * maxTurns, maxBodyBytes`), so an app whose unseen work ran past 1.5 s had no way to pass there.
 */
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES, cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const dir = tempDir('quiet-grace')
const app = `${FIXTURES}/apps/enablex-forgets-play.mjs`

function scenario(name: string, limits: string): string {
  const file = relative(process.cwd(), `${dir}/${name}.yaml`)
  writeFileSync(file, ['platform: enablex', 'webhookPath: /', `limits: ${limits}`, 'name: plays the menu', 'steps:', '  - expect: accept', '  - expect: play', ''].join('\n'))
  return file
}

describe('a scenario file\'s limits.quietGraceMs', { timeout: 30_000 }, () => {
  it('reaches the call: the quiet app is given that long, and the failure says so', async () => {
    const { code, out, err } = await cli(['run', scenario('grace', '{ appTimeoutMs: 10s, quietGraceMs: 300ms }'), '--app', app])
    expect(err).toBe('')
    expect(out).toContain("sent no request after it, then went quiet (no request in flight, no timer, no I/O callspec can see).\nAn app still at work out of callspec's sight (a native addon or a hash on Node's thread pool) was given 300 ms: limits.quietGraceMs gives it longer.")
    expect(code).toBe(1)
  })

  it.each([
    ['0', 'limits.quietGraceMs must be above 0, got 0: give a duration such as 30s or 500ms (a bare number is ms), or leave it out for callspec\'s default'],
    ['soon', 'limits.quietGraceMs is a duration such as 30s or 500ms (a bare number is ms), got "soon"'],
  ])('refuses quietGraceMs: %s before any call, at its place', async (value, message) => {
    const file = scenario(`bad-${value}`, `{ quietGraceMs: ${value} }`)
    const { code, out, err } = await cli(['run', file, '--app', app])
    expect(err).toBe(`callspec run: ${file}:3:25: ${message}\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
  })
})
