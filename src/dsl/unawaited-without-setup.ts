import type { FlowRoot } from './hooks.js'
import { testFinishedHook } from '../utils/current-test.js'

/**
 * The never-awaited check, with or without `callspec/vitest` in setupFiles: without it such a
 * test passed silently, checking nothing (measured from the packed package: a call expecting the
 * wrong action, never awaited, passed in 8 ms with no output). In a vitest worker the test's own
 * `onTestFinished` is reached through vitest's worker state, or the setup file's record of a
 * concurrent test (current-test.ts): no import of vitest, which the CommonJS build could not do
 * (it turns import() into require(), and vitest refuses require()), and nothing loaded in a
 * process that merely inherited VITEST. Without the setup file the message adds it.
 *
 * Fails the test this code runs in if `root` is never awaited by its end.
 */
export function failIfNeverAwaited(root: FlowRoot, setupLoaded: boolean): void {
  const on = testFinishedHook()
  if (!on) return
  try {
    on(() => {
      if (root.awaited) return
      const missing = setupLoaded ? '' : ` (Add 'callspec/vitest' to test.setupFiles in your vitest config: it registers the matchers, and this check.)`
      const flow = root.written && root.latest ? `\nThe call that never ran: ${root.written(root.latest)}` : ''
      const error = new Error(`[callspec] callTo(…) was created but never awaited, so the call never ran. Add \`await\` in front of it.${missing}${flow}`)
      // The line of callTo() when it was taken (a call seeded by its line); else the test and the
      // flow as written name it: capturing the line on every call for this report cost more than the
      // rest of a call's set-up (call-site.ts).
      error.stack = root.site ? `${error.message}\n${(root.site.stack ?? '').split('\n').slice(1).join('\n')}` : error.message
      throw error
    })
  } catch {
    // Created outside a running test (module scope, beforeAll): nothing to watch.
  }
}
