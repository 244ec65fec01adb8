import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, sendAction, tts } from './webex-apps.js'

const run = promisify(execFile)

/** The timer functions a chain re-arms itself with: the globals, or those imported from `node:timers`. */
export interface ChainTimers {
  setTimeout: typeof setTimeout
  clearTimeout: typeof clearTimeout
}

/**
 * A sweep every `everyMs`, armed with `setTimeout(sweep, everyMs)` and re-armed from its own
 * callback as node-cache's checkperiod and cron libraries do: with the sweep itself, or
 * (`freshClosure`) with a new arrow each time, `() => sweep()`.
 */
export function sweepChain(everyMs: number, timers: ChainTimers = globalThis, freshClosure = false) {
  const ticks: number[] = []
  let next: ReturnType<typeof setTimeout>
  const sweep = () => {
    ticks.push(Date.now())
    next = freshClosure ? timers.setTimeout(() => sweep(), everyMs) : timers.setTimeout(sweep, everyMs)
    next.unref()
  }
  next = timers.setTimeout(sweep, everyMs)
  next.unref()
  return { ticks, stop: () => timers.clearTimeout(next) }
}

/** Greets once a real 0.5 s job is done (a child process: real I/O, so the chain ticks meanwhile), then hangs up on the caller's silence. */
const app = answering(
  (res: import('node:http').ServerResponse) =>
    void run(process.execPath, ['-e', 'setTimeout(() => {}, 500)']).then(() =>
      sendAction(res, { action: 'PLAY', audio: [tts('Press a key.')], collectInput: { maxDigits: 1 } }),
    ),
)

/**
 * A call through which a 300 ms `chain` ticks: it ticks as often as the call's real time holds (the
 * child's start and its 0.5 s), never through the caller's 3 s of virtual silence besides, and the
 * transcript has no app timer line of it.
 */
export async function expectChainOnRealTime(chain: ReturnType<typeof sweepChain>): Promise<void> {
  const before = chain.ticks.length
  const started = performance.now()
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').staySilent(3_000).hangUp()
  const realMs = performance.now() - started
  const during = chain.ticks.length - before
  expect(during).toBeGreaterThanOrEqual(1)
  expect(during).toBeLessThanOrEqual(Math.floor(realMs / 300) + 1)
  expect(call.print()).not.toContain('app timer 300 ms')
}
