import type { FlowRoot } from './hooks.js'
import { testFinishedHook, type OnTestFinished } from '../utils/vitest-worker.js'

/**
 * The never-awaited check for a vitest project whose setupFiles lack `callspec/vitest`: such a
 * test passed silently, checking nothing (measured from the packed package: a call expecting the
 * wrong action, never awaited, passed in 8 ms with no output). In a vitest worker the running
 * test's own `onTestFinished` is reached through vitest's worker state (as runnerBudgetMs in
 * resolve-limits.ts reads the test's timeout there): no import of vitest, which the CommonJS build
 * could not do (it turns import() into require(), and vitest refuses require()), and nothing
 * loaded in a process that merely inherited VITEST. The message adds the setup file.
 *
 * Fails the running test if `root` is never awaited by its end. `on`: vitest's onTestFinished
 * (the setup file passes its own import); without it, the running test's, if any.
 */
export function failIfNeverAwaited(root: FlowRoot, setupLoaded: boolean, on: OnTestFinished | undefined = testFinishedHook()): void {
  if (!on) return
  try {
    on(() => {
      if (root.awaited) return
      const missing = setupLoaded ? '' : ` (Add 'callspec/vitest' to test.setupFiles in your vitest config: it registers the matchers, and this check.)`
      const error = new Error(`[callspec] callTo(…) was created but never awaited, so the call never ran. Add \`await\` in front of it.${missing}`)
      error.stack = `${error.message}\n${(root.site.stack ?? '').split('\n').slice(1).join('\n')}`
      throw error
    })
  } catch {
    // Created outside a running test (module scope, beforeAll): nothing to watch.
  }
}
