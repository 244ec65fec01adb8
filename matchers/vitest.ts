/**
 * Setup entry: add 'callspec/vitest' to test.setupFiles (or import it) to register the matchers
 * and to fail tests that create a call but never await it.
 */
import { expect, onTestFinished } from 'vitest'
import { onFlowCreated } from '../src/index.js'
import * as matchers from './index.js'
// A type-only re-export: it carries the `vitest` augmentation into dist/vitest.d.ts without a
// runtime import of a file that has no runtime code (which the bundler would warn about).
export type { CallspecMatchers } from './types.js'

expect.extend(matchers)

onFlowCreated((root) => {
  try {
    onTestFinished(() => {
      if (root.awaited) return
      const error = new Error('[callspec] callTo(…) was created but never awaited, so the call never ran. Add `await` in front of it.')
      error.stack = `${error.message}\n${(root.site.stack ?? '').split('\n').slice(1).join('\n')}`
      throw error
    })
  } catch {
    // Created outside a running test (module scope, beforeAll): nothing to watch.
  }
})
