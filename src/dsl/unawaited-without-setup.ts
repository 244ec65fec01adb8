import type { FlowRoot } from './hooks.js'
import { testFinishedHook } from '../utils/current-test.js'
import { runningHook, type HookName } from '../utils/running-hook.js'
import { vitestWorker, type VitestTask } from '../utils/vitest-worker.js'

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
  if (!on) {
    // Outside a test (a hook, the file's top level): checked at the file's end by the setup file.
    if (setupLoaded && vitestWorker()) outsideTests.push({ root, where: runningHook()?.name, task: vitestWorker()?.current })
    return
  }
  try {
    on((context) => {
      if (!setupLoaded) explainUnregisteredMatcher(context)
      if (root.awaited) return
      const missing = setupLoaded ? '' : ` (Add 'callspec/vitest' to test.setupFiles in your vitest config: it registers the matchers, and this check.)`
      const flow = root.written && root.latest ? `\nThe call that never ran: ${root.written(root.latest)}` : ''
      const thrown = notAFunction(context)
      const error = new Error(
        thrown
          ? `[callspec] callTo(…) never ran: the test threw while its chain was being written (${thrown}), before \`await\` could run it. Fix that error; no \`await\` is missing.${flow}`
          : `[callspec] callTo(…) was created but never awaited, so the call never ran. Add \`await\` in front of it.${missing}${flow}`,
      )
      // The line of callTo() when it was taken (a call seeded by its line); else the test and the
      // flow as written name it: capturing the line on every call for this report cost more than the
      // rest of a call's set-up (call-site.ts).
      error.stack = root.site ? `${error.message}\n${(root.site.stack ?? '').split('\n').slice(1).join('\n')}` : error.message
      throw error
    })
  } catch {
    // The test's hook refused the handler (the test is over): nothing to watch.
  }
}

/** A flow created outside any test: where (a hook's name, else the file's top level), and the task vitest showed then. */
interface OutsideTest {
  root: FlowRoot
  where: HookName | undefined
  task: VitestTask | undefined
}

/** The flows created outside a test since the last check (failIfNeverAwaited). */
let outsideTests: OutsideTest[] = []

/**
 * The error for the flows created outside a test (in `beforeAll`, at a file's top level) and never
 * awaited since, checked by the setup file's `afterAll` at the file's end (`file`, its task); none if
 * every one ran.
 * A flow built in a hook and run by a test later is awaited by then, so it is not named. Measured
 * before: `beforeAll(() => { callTo(app)… })`, with no `await`, passed with no output: the call
 * never ran, and no test had made it, so no test's end was there to say so. A flow whose hook failed
 * on its own (a misspelt step) is left to that failure.
 */
export function neverAwaitedOutsideTests(file: VitestTask | undefined): Error | undefined {
  const unrun = outsideTests.filter(({ root, task }) => !root.awaited && !(task?.result?.errors?.length))
  outsideTests = []
  // Only where every test of the file ran and passed: a flow built in beforeAll for a test that a
  // filter (-t) or .skip left out, or that failed before its await, is not a call the file forgot.
  if (unrun.length === 0 || (file !== undefined && !everyTestPassed(file))) return undefined
  const flows = unrun.map(({ root, where }) => {
    const place = where ? `in ${where}` : "at the file's top level"
    return root.written && root.latest ? `\n  ${place}: ${root.written(root.latest)}` : `\n  ${place}`
  })
  const one = unrun.length === 1
  const error = new Error(
    `[callspec] ${one ? 'a call was' : `${unrun.length} calls were`} created outside a test and never awaited by the end of the file, so ${one ? 'it' : 'they'} never ran. ` +
      `Add \`await\` in front of ${one ? 'it' : 'each'} (in a hook, \`beforeAll(async () => { call = await callTo(…)… })\`):${flows.join('')}`,
  )
  // The lines above name each call; a stack would point into callspec's setup file.
  error.stack = error.message
  return error
}

/** Every test under `suite` ran and passed (none skipped, filtered out, todo or failed). */
function everyTestPassed(suite: VitestTask): boolean {
  return (suite.tasks ?? []).every((task) => (task.type === 'test' ? task.result?.state === 'pass' : everyTestPassed(task)))
}

/**
 * The test's own "x.pressDigit is not a function", if it failed with one: a step misspelt in the
 * chain throws there, and the flow before it is never awaited. "Add `await` in front of it" then
 * sent the user after an `await` the line already had (helper-188).
 */
function notAFunction(context: unknown): string | undefined {
  const errors = (context as { task?: { result?: { errors?: ReadonlyArray<{ name?: string; message?: string }> } } } | undefined)?.task?.result?.errors ?? []
  const error = errors.find((e) => e?.name === 'TypeError' && / is not a function\b/.test(e.message ?? ''))
  return error?.message?.split('\n')[0]
}

/** callspec's matchers, which vitest calls "Invalid Chai property" until callspec/vitest registers them. */
const MATCHER = /^Invalid Chai property: (toHavePlayed|toHaveAction|toHaveHungUp|toBeValidAction)\b/

/**
 * A test that made a call and used a callspec matcher with no `callspec/vitest` in setupFiles:
 * vitest says only "Invalid Chai property: toHavePlayed" (helper-188: the newcomer read it as a
 * typo). The error gets what is missing and where, as the never-awaited check says it.
 */
function explainUnregisteredMatcher(context: unknown): void {
  const errors = (context as { task?: { result?: { errors?: Array<{ message?: string; stack?: string }> } } } | undefined)?.task?.result?.errors ?? []
  for (const error of errors) {
    const matcher = MATCHER.exec(error?.message ?? '')?.[1]
    if (!matcher || error.message!.includes('[callspec]')) continue
    const hint = `\n[callspec] ${matcher} is callspec's matcher, registered by its setup file: add 'callspec/vitest' to test.setupFiles in your vitest config (or import 'callspec/vitest' at the top of your own setup file).`
    if (error.stack?.includes(error.message!)) error.stack = error.stack.replace(error.message!, error.message! + hint)
    error.message += hint
  }
}
