// A CommonJS helper `require`s callspec while the test `import`s it: two copies in one worker
// (dist/index.cjs and dist/index.js). They share what is one per process (audit-111).
import { createRequire } from 'node:module'
import { expect, it } from 'vitest'
import { callTo } from 'callspec'
import { webexApp } from './app.js'

const required = createRequire(import.meta.url)('callspec') as typeof import('callspec')

/** Answers ANSWERED after a 1.5 s lookup on its own timer, then hangs up. */
const slowGreeter = webexApp((event, res) => {
  if (event === 'ACCEPTED') return res.end(JSON.stringify({ action: 'ANSWER' }))
  if (event === 'ANSWERED') return void setTimeout(() => res.end(JSON.stringify({ action: 'HANGUP' })), 1_500)
  res.end()
})
const greet = (to: typeof callTo) => to(slowGreeter, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('HANGUP')

it('two copies: overlapping calls take turns on the one clock, and leave the timers real', async () => {
  // Each copy's first call loads its modules cold (~0.3 s idle, over 1.5 s for the two at load 9):
  // made first, so the time below is the calls' alone, which a real 1.5 s timer would pass.
  await Promise.all([greet(callTo), greet(required.callTo)])
  const started = performance.now()
  const calls = await Promise.all([greet(callTo), greet(required.callTo), greet(callTo)])
  // The app's 1.5 s timer ran on each call's clock: in the transcript, and in no real time.
  for (const call of calls) expect(call.print()).toMatch(/app timer 1\.5 s/)
  expect(performance.now() - started).toBeLessThan(1_500)
  expect((globalThis.setTimeout as { clock?: unknown }).clock).toBeUndefined()
  await new Promise((resolve) => setTimeout(resolve, 20))
})

it("two copies: the required copy's default seed follows the test, as the imported one's does", async () => {
  const imported = await greet(callTo)
  const fromRequire = await greet(required.callTo)
  expect(fromRequire.seed).toBe(imported.seed)
})
