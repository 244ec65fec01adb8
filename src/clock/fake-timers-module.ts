import { createRequire } from 'node:module'
import type FakeTimers from '@sinonjs/fake-timers'

/**
 * @sinonjs/fake-timers, for the first call to an in-process app (fake-timers-install.ts loadFakeTimers).
 *
 * From the sources (this project's tests, through tsx) it is required from node_modules: it is
 * CommonJS, and import() would first run Node's CommonJS export lexer over it (measured 86-116 ms
 * against 28-35 ms for require, under load). The build bundles it instead: tsup.config.ts gives
 * this module a body that import()s the library, which esbuild bundles into a chunk of its own
 * (bundledFakeTimers). Measured after `import('callspec')`, six fresh processes each: required
 * from node_modules it took 12.1-15.3 ms (21 files resolved, read and compiled one by one,
 * @sinonjs/commons and type-detect with it, 118 KB of source with its comments), bundled 5.4-6.7
 * ms. An app's start under the agent, which loads it at once (`node --import callspec/agent`,
 * eight runs): 0.14-0.20 s and 0.18-0.24 s of CPU before, 0.14-0.17 s and 0.14-0.17 s after.
 */
export async function importFakeTimers(): Promise<typeof FakeTimers> {
  return createRequire(import.meta.url)('@sinonjs/fake-timers') as typeof FakeTimers
}
