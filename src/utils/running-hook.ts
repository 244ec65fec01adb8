import { realDateNow } from '../clock/real-timers.js'
import { testToFitTo } from './current-test.js'
import { runOf, vitestWorker, type VitestTask } from './vitest-worker.js'

/** The hooks vitest times by `hookTimeout`, each apart from the test's own timeout. */
export type HookName = 'beforeAll' | 'beforeEach' | 'afterEach' | 'afterAll'
/**
 * Latest phase first: a hook that threw stays marked as running (vitest marks it passed only when
 * it returns), so a suite whose beforeAll failed shows both beforeAll and afterAll running in its afterAll.
 */
const HOOKS: readonly HookName[] = ['afterAll', 'afterEach', 'beforeEach', 'beforeAll']

/**
 * A vitest hook running now, or a test's onTestFinished/onTestFailed handlers (which vitest times
 * by `hookTimeout` too), and the real instant (Date.now) its time is counted from.
 */
export interface RunningHook {
  /** The hook's name; none for a test's handlers, which run after its hooks. */
  name: HookName | undefined
  /** As a failure names it: `beforeAll hook`, `onTestFinished handler`. */
  label: string
  startedAt: number
}

/**
 * Where each hook run was first seen, for the hooks vitest records no start of (afterEach,
 * afterAll, a test's handlers): keyed by its task, and by the hook and attempt, so a retried test's
 * hook counts anew.
 */
const firstSeen = new WeakMap<VitestTask, { key: string; at: number }>()

/**
 * The hook the code running now is in, if vitest is running one: a call made in `beforeAll`
 * (a common shape: one call, several tests asserting on it) is timed by vitest's `hookTimeout`, not
 * by the test's timeout. vitest marks the running hook on its task's result (`hooks.beforeAll:
 * 'run'`; the suite's for beforeAll and afterAll, the test's for beforeEach and afterEach) and the
 * worker state shows that task. Measured before (a config with a 20 s testTimeout and a 1.5 s
 * hookTimeout): a call in beforeAll to an app that never answered was fitted to the 20 s, and the
 * file failed with vitest's bare "Hook timed out in 1500ms", no transcript.
 *
 * Its start: vitest starts a suite's beforeAll, and a test's beforeEach, as it records the task's
 * startTime; for the others, callspec counts from the first call it sees in the hook (inferred: a
 * hook that worked a while before its call has less left than callspec counts).
 */
export function runningHook(): RunningHook | undefined {
  const task = testToFitTo() ?? vitestWorker()?.current
  const hooks = task?.result?.hooks
  if (!task) return undefined
  const name = hooks && HOOKS.find((hook) => hooks[hook] === 'run')
  if (!name) return inHandlers(task) ? { name: undefined, label: handlersLabel(task), startedAt: firstSeenIn(task, 'handlers') } : undefined
  const recorded = task.result?.startTime
  const startedAt = (name === 'beforeAll' || name === 'beforeEach') && recorded !== undefined ? recorded : firstSeenIn(task, name)
  return { name, label: `${name} hook`, startedAt }
}

/** The real instant callspec first saw code running in `phase` of this run of `task` (see firstSeen). */
function firstSeenIn(task: VitestTask, phase: string): number {
  const key = `${phase} ${runOf(task)}`
  const seen = firstSeen.get(task)
  if (seen?.key === key) return seen.at
  const at = realDateNow()
  firstSeen.set(task, { key, at })
  return at
}

/**
 * The runs of tests whose body has ended, as the setup file's afterEach records them: a file's
 * afterEach, it runs after the test's suites' own (in vitest's default order, after the file's
 * too; any that run after it are marked running), so what runs in the test's name after it, with no
 * hook marked, is its onTestFinished and onTestFailed handlers.
 */
const bodiesEnded = new WeakMap<VitestTask, string>()

/** Called by the setup file's afterEach: this run of `task` is past its body and its afterEach hooks. */
export function testBodyEnded(task: VitestTask): void {
  bodiesEnded.set(task, runOf(task))
}

/**
 * Code running in a test's name with its body over and no hook running: its onTestFinished or
 * onTestFailed handlers, each of which vitest times by `hookTimeout` from its own start, the test's
 * timeout having ended with its body. Measured before (a 1 s testTimeout, 8 s hookTimeout, a test
 * that worked 0.8 s): a call in onTestFinished whose app answered after 0.5 s failed, fitted to the
 * ~0.2 s left of the test's time. Without the setup file's record (testBodyEnded), a passed state
 * says the body ended, except in a `repeats` run after the first, whose state stays the run
 * before's while its body runs; a failed one does not (expect.soft fails a test while its body
 * runs), so there a call stays fitted to the test's time.
 */
function inHandlers(task: VitestTask): boolean {
  if (task.type !== 'test') return false
  if (bodiesEnded.get(task) === runOf(task)) return true
  return task.result?.state === 'pass' && !task.result.repeatCount
}

/** vitest runs onTestFinished's handlers, then onTestFailed's for a failed test: which one runs now is not shown. */
const handlersLabel = (task: VitestTask): string => (task.result?.state === 'fail' ? 'onTestFinished or onTestFailed handler' : 'onTestFinished handler')
