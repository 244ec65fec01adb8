import { runNestedVitest } from '../../helpers/nested-vitest.js'

/**
 * Runs one fixture file of app-crashes/ in a vitest of its own, and gives back its output: its
 * exceptions are uncaught (as in production), which would fail the suite that ran them. That run
 * loads the built callspec (dist/) where it is fresh, else the sources: test/helpers/nested-vitest.ts.
 */
export function runCrashFixture(file: string, env: Record<string, string> = {}): { output: string; status: number | null } {
  return runNestedVitest('test/hostile/app-crashes/vitest.config.ts', { args: ['--reporter', 'verbose', file], env })
}
