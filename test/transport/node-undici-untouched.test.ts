import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

/**
 * Node loads the undici behind its global fetch on first use: ~20 ms, paid by every test file
 * whose calls made callspec touch it (reading `Response` to tell a fetch handler from a request
 * listener, `Headers` to set up the app's request counting). An app that never fetches leaves it
 * unloaded, and a fetch after the calls still works (callspec's own undici Agent is the global
 * dispatcher Node's fetch finds, as after any `import 'undici'`).
 */
// 30 s, as the child's own: spawnSync holds the thread, so the test's 5 s default ran out after the
// fact (7.5 s beside two busy loops and two other test files, load ~12) with the child's result right.
it("calls to an app that never fetches do not load Node's undici, and fetch still works after them", { timeout: 30_000 }, () => {
  const script = fileURLToPath(new URL('./fixtures/calls-without-fetch.ts', import.meta.url))
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 })
  expect(run.stderr).toBe('')
  expect(run.stdout.trim().split('\n')).toEqual(["the calls loaded node's undici: false", 'a fetch after the calls: {"name":"Ada"}'])
})
