/**
 * The preload as users run it: `node --import callspec/agent` (and `--require` for CommonJS),
 * resolved by package name from the built package (`npm run build` first; `npm test` does).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const run = (flag: string, env: Record<string, string>) =>
  execFileSync(process.execPath, [flag, 'callspec/agent', 'test/agent/fixtures/script.mjs'], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 45_000,
  })

const SCRIPT_OUTPUT = "timer ran after >=20 ms\nslept >=100 ms; node:timers import is the agent's: true; node:http's: true\n"

describe('node --import callspec/agent (built package)', () => {
  it('leaves the app untouched without the variables, and says so', () => {
    const { CALLSPEC_AGENT: _, ...env } = process.env as Record<string, string>
    const result = spawnSync(process.execPath, ['--import', 'callspec/agent', '-e', 'console.log("app ran")'], { cwd: root, env, encoding: 'utf8', timeout: 45_000 })
    expect(result.stdout).toBe('app ran\n')
    expect(result.stderr).toBe('[callspec/agent] CALLSPEC_AGENT is not set: the app runs untouched (real timers, real vendor hosts).\n')
  }, 60_000)

  it('runs timers in real time when callspec is not listening (between calls), and lets the process exit', () => {
    // Nothing listens on port 9: the agent keeps retrying quietly while the app runs normally.
    expect(run('--import', { CALLSPEC_AGENT: '127.0.0.1:9', CALLSPEC_AGENT_TOKEN: 't' })).toBe(SCRIPT_OUTPUT)
  }, 60_000)

  it('loads with --require for CommonJS apps', () => {
    expect(run('--require', { CALLSPEC_AGENT: '127.0.0.1:9', CALLSPEC_AGENT_TOKEN: 't' })).toBe(SCRIPT_OUTPUT)
  }, 60_000)
})
