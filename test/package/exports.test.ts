/**
 * The built package, used by name the way a user's project uses it (run `npm run build` first;
 * `npm test` does). Each fixture runs in its own Node process so resolution is Node's own.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 30_000 })

describe('the built package', { timeout: 60_000 }, () => {
  it('imports by name as ESM and runs a call', () => {
    const out = JSON.parse(run(['test/package/fixtures/esm-call.mjs']))
    expect(out).toEqual({
      events: ['ACCEPTED', 'ANSWERED', 'PLAYED', 'DROPPED'],
      prompts: ['Hello from ESM'],
      valid: true,
      schema: false,
      matchers: ['toBeValidAction', 'toHaveAction', 'toHaveHungUp', 'toHavePlayed'],
      drivers: ['8x8', 'enablex', 'voxology'],
      failure: "[callspec] turn 1, expectAction('PLAY'): expected action PLAY, got ANSWER",
    })
  })

  it("points a failing step at its own line when the chain is awaited as a statement (newcomer audit-155 N1)", () => {
    const source = readFileSync(new URL('test/package/fixtures/step-line.mjs', root), 'utf8').split('\n')
    const line = source.findIndex((l) => l.includes('// ← fails here'))
    // Before: `at async file:///…/step-line.mjs:9:3`, the line of the `await`.
    expect(run(['test/package/fixtures/step-line.mjs']).trim()).toMatch(new RegExp(`^at async file://.*/step-line\\.mjs:${line + 1}:${source[line]!.indexOf('expectAction') + 1}$`))
  })

  it('requires by name as CommonJS and runs a call', () => {
    expect(JSON.parse(run(['test/package/fixtures/cjs-call.cjs']))).toEqual({
      events: ['ACCEPTED', 'ANSWERED', 'PLAYED', 'DROPPED'],
      prompts: ['Hello from CJS'],
    })
  })

  it('ships the vitest matcher types and setup entry', () => {
    expect(readFileSync(new URL('dist/vitest.d.ts', root), 'utf8')).toContain("declare module 'vitest'")
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './vitest', './matchers', './drivers/webex-connect', './drivers/8x8', './drivers/enablex', './drivers/voxology', './package.json']))
  })

  it('has a working callspec bin', () => {
    expect(run(['dist/cli.js', '--version']).trim()).toMatch(/^\d+\.\d+\.\d+/)
    let out = ''
    try {
      run(['dist/cli.js', 'validate', 'webex-connect', 'action', 'test/package/fixtures/bad-action.json'])
    } catch (error) {
      out = (error as { stdout: string; status: number }).stdout
      expect((error as { status: number }).status).toBe(1)
    }
    expect(out).toBe('✖ invalid webex-connect action\n  ✖ PLAY needs at least one audio item (received []) → at audio\n')
  })
})
