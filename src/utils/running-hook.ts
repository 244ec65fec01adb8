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

/** A vitest hook running now, and the real instant (Date.now) its time is counted from. */
export interface RunningHook {
  name: HookName
  startedAt: number
}

/**
 * Where each hook run was first seen, for the hooks vitest records no start of (afterEach,
 * afterAll): keyed by its task, and by the hook and attempt, so a retried test's hook counts anew.
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
  if (!task || !hooks) return undefined
  const name = HOOKS.find((hook) => hooks[hook] === 'run')
  if (!name) return undefined
  const recorded = task.result?.startTime
  if ((name === 'beforeAll' || name === 'beforeEach') && recorded !== undefined) return { name, startedAt: recorded }
  const key = `${name} ${runOf(task)}`
  const seen = firstSeen.get(task)
  if (seen?.key === key) return { name, startedAt: seen.at }
  const at = realDateNow()
  firstSeen.set(task, { key, at })
  return { name, startedAt: at }
}
