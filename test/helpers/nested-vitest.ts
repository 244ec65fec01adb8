import { spawnSync } from 'node:child_process'
import { join, relative } from 'node:path'
import type { Plugin, ViteUserConfig } from 'vitest/config'
import { distIsFresh, root } from './dist-fresh.js'

/**
 * The vitest configs of the tests' nested runs (a fixture suite run by a test in a vitest of its
 * own, its output read) name callspec's sources: each entry below is the built file of one of them.
 */
const BUILT_ENTRIES: Record<string, string> = {
  'src/index.ts': 'dist/index.js',
  'src/scenario/index.ts': 'dist/scenarios.js',
  'matchers/vitest.ts': 'dist/vitest.js',
  'src/coverage/setup.ts': 'dist/coverage/setup.js',
  'src/coverage/reporter.ts': 'dist/coverage/reporter.js',
}
const CALLSPEC_SOURCE = /^(src|drivers|matchers)\//
/** dist/'s files, by path (vitest matches a string against package names in node_modules). */
const BUILT = new RegExp(`^${join(root, 'dist/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)

/**
 * Loads the built callspec where a nested run's files import its sources' entries. A module of the
 * sources beside the build would be a second copy of callspec, with state of its own (the tests a
 * call belongs to, the app clock), so any other file of src/, drivers/ or matchers/ fails the run,
 * naming it.
 */
const fromBuild: Plugin = {
  name: 'callspec-from-build',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    // Bare names are packages (node_modules), never callspec's sources.
    if (!/^[./]/.test(source)) return null
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
    if (!resolved) return null
    const file = relative(root, resolved.id.split('?')[0]!)
    const built = BUILT_ENTRIES[file]
    if (built) return join(root, built)
    if (CALLSPEC_SOURCE.test(file)) {
      throw new Error(`a nested run loads the built callspec, and ${file} (imported by ${importer ?? 'vitest'}) is a module of its sources: import an entry (${Object.keys(BUILT_ENTRIES).join(', ')}), or add this one to test/helpers/nested-vitest.ts`)
    }
    return resolved
  },
}

/**
 * The vitest config of a nested run, with `test` its options. Where dist/ is fresh (`npm test`
 * builds first), the run loads the built callspec, as a user's suite loads it from node_modules:
 * Node imports dist/ itself, where vite would transform the sources again in every such run,
 * cold (measured: most of the ~6 s of CPU each of the suite's ~20 nested runs took). Else, after
 * an edit without a build, the sources, so the run still tests the edit.
 */
export function nestedRunConfig(test: NonNullable<ViteUserConfig['test']>): ViteUserConfig {
  if (!distIsFresh()) return { test }
  return {
    plugins: [fromBuild],
    test: { ...test, server: { ...test.server, deps: { ...test.server?.deps, external: [...(test.server?.deps?.external ?? []), BUILT] } } },
  }
}

/**
 * Runs `vitest run --config <config> …args` in a process of its own, from the repository's root,
 * its colours off (`env` added to this process's): a fixture suite whose failures are read, not
 * suffered. Its exit code and whole output; bounded at 55 s. The config is built with
 * nestedRunConfig, so the run loads the built callspec where dist/ is fresh.
 */
export function runNestedVitest(config: string, { args = [], env = {} }: { args?: readonly string[]; env?: Record<string, string> } = {}): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', config, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    timeout: 55_000,
  })
  return { status: run.status, output: run.stdout + run.stderr }
}
