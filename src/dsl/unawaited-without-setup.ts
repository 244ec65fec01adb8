import type { FlowRoot } from './hooks.js'

/**
 * The never-awaited check for a vitest project whose setupFiles lack `callspec/vitest`: such a
 * test passed silently, checking nothing (measured from the packed package: a call expecting the
 * wrong action, never awaited, passed in 8 ms with no output). Under vitest (which sets VITEST in
 * its workers) vitest's own `onTestFinished` is loaded with callspec, and the same check is
 * registered through it; the message adds the setup file. Elsewhere nothing is loaded.
 */
type Runner = { onTestFinished(fn: () => void): void }
let runner: Runner | undefined

if (typeof process !== 'undefined' && process.env.VITEST) {
  // A specifier vitest's own module runner and Node both resolve to the instance the test uses.
  const specifier = 'vitest'
  void import(specifier).then(
    (m: Runner) => (runner = m),
    () => {},
  )
}

/**
 * Fails the running test if `root` is never awaited by its end. `on`: vitest's onTestFinished
 * (the setup file passes its own import); without it, the one loaded above, if any.
 */
export function failIfNeverAwaited(root: FlowRoot, setupLoaded: boolean, on: Runner['onTestFinished'] | undefined = runner?.onTestFinished): void {
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
