import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

/**
 * The app's requests are counted during every call to an in-process app (the undici global
 * dispatcher among what is wrapped). Where the process's first fetch was the app's, Node's fetch
 * found callspec's dispatcher there and set none of its own; once the call ended, every fetch in
 * the process failed with `AssertionError: undefined == true`.
 */
// The child loads callspec's sources through tsx: 3.1 s of real time at load ~10 on two cores (Node 24), past
// vitest's 5 s once (Node 22, same load). The test asserts the child's output, not its time: it is
// given the child's own 30 s bound.
it("a process whose first fetch came during a call can fetch after it (Node's own dispatcher is put back)", () => {
  const script = fileURLToPath(new URL('./fixtures/first-fetch-during-call.ts', import.meta.url))
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 })
  expect(run.stderr).not.toContain('AssertionError')
  expect(run.stdout.trim()).toBe('after the call: {"name":"Ada"}')
}, 35_000)
