/**
 * An EnableX app whose accept went to the real api.enablex.io, around callspec's interception, and
 * threw ENOTFOUND after its empty 200: the failure says the request went around callspec and how
 * the setup file fixes it, where it asked "is `platform` right?". The exception is uncaught (as in
 * EnableX's sample), so the case runs in a vitest of its own (hostile/app-crashes/), read here.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('an EnableX request that went around the interception and failed at the network', () => {
  it('is said as such, not as the wrong platform', { timeout: 60_000 }, () => {
    const run = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/hostile/app-crashes/vitest.config.ts', '--reporter', 'verbose', 'went-around-interception.fixture'],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 55_000 },
    )
    const output = run.stdout + run.stderr
    expect(output, output).toMatch(/✓ [^\n]*went-around: /)
    expect(output).toContain('Tests  1 passed (1)')
  })
})
