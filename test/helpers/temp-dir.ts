import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, onTestFinished, TestRunner } from 'vitest'
import type { RunnerTestFile } from 'vitest'

/**
 * A fresh directory `<tmpdir>/callspec-<name>-XXXXXX`, removed whether the tests pass or fail, by a
 * vitest hook (a worker runs many files and is killed after the last, so no process 'exit' would):
 * - made in a test (its body, a beforeEach or afterEach): when that test finishes (onTestFinished),
 *   after its afterEach hooks;
 * - made while the file is collected (its top level, a describe's body): after that file's or
 *   describe's tests (afterAll). Vitest runs afterAll hooks last registered first: an afterAll
 *   that still needs the dir must be registered after this call;
 * - made in a beforeAll, or a describe's afterAll: after the file's tests and its own afterAll hooks.
 *   An afterAll() registered while the file runs would never run (the file's hooks were gathered
 *   when it was collected): the removal is added to the running file's afterAll hooks;
 * - in the file's own afterAll nothing runs after it to remove the dir: refused.
 */
export function tempDir(name: string): string {
  if (TestRunner.getCurrentTest()) {
    const dir = make(name)
    onTestFinished(() => remove(dir))
    return dir
  }
  // Once collected, the current collector is the file's default one, and its file the file being
  // run, with a result from the time it starts; while it is collected it has none.
  const file = TestRunner.getCurrentSuite().file as RunnerTestFile | undefined
  if (!file?.result) {
    const dir = make(name)
    afterAll(() => remove(dir))
    return dir
  }
  if (file.tasks.every((task) => task.mode !== 'run' || (task.result && task.result.state !== 'run'))) {
    throw new Error(`tempDir('${name}') in a file's afterAll: no hook runs after it to remove the dir; make it at the file's top level`)
  }
  const dir = make(name)
  TestRunner.getSuiteHooks(file).afterAll.push(() => remove(dir))
  return dir
}

const make = (name: string) => mkdtempSync(join(tmpdir(), `callspec-${name}-`))

// Retries: a process the test started (a --start app) may still be writing there.
const remove = (dir: string) => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
