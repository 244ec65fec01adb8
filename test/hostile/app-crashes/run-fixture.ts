import { spawnSync } from 'node:child_process'

/**
 * Runs one fixture file of app-crashes/ in a vitest of its own, and gives back its output: its
 * exceptions are uncaught (as in production), which would fail the suite that ran them. That run
 * loads the built callspec (dist/) where it is fresh, else the sources: test/helpers/nested-vitest.ts.
 */
export function runCrashFixture(file: string, env: Record<string, string> = {}): { output: string; status: number | null } {
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/hostile/app-crashes/vitest.config.ts', '--reporter', 'verbose', file], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    timeout: 55_000,
  })
  return { output: run.stdout + run.stderr, status: run.status }
}
