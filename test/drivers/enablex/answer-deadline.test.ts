import { execSync, spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { acceptsAfter } from './apps.js'

/**
 * An app whose handler awaits `ms` (its own timer) before answering incomingcall, then, with `crm`,
 * looks the caller up there (real I/O) before it answers; then it accepts.
 */
function answersAfter(ms: number, crm?: string) {
  return acceptsAfter(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms))
    if (crm) await (await fetch(crm)).json()
  })
}

/** EnableX documents a 5 s deadline for each webhook's answer (the voice architecture page). */
describe('the documented 5 s answer deadline (rule enablex/answer-in-time, doc)', () => {
  it('fails an answer the app holds back 6 s, citing the vendor', async () => {
    const error = await failureOf(callTo(answersAfter(6_000), { platform: 'enablex' }).expectAction('accept'))
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('accept'\): the app answered incomingcall 6 s \(virtual\) after it was sent, held back by its own timer: longer than the 5 s the vendor documents the platform waits \(rule enablex\/answer-in-time\)\. Answer first and act after; if your account's platform waits longer, set rules: \{ 'enablex\/answer-in-time': 'warn' \}\.\nRule enablex\/answer-in-time: EnableX docs: voice architecture page, a webhook unanswered within 5 s "the call may terminate"\.\n/,
    )
  })

  it('a longer limits.responseTimeoutMs (a real-time wait) does not lift it: the rule does (helper-25)', async () => {
    const error = await failureOf(callTo(answersAfter(6_000), { platform: 'enablex', limits: { responseTimeoutMs: 10_000 } }).expectAction('accept'))
    expect(error.message).toContain('longer than the 5 s the vendor documents the platform waits (rule enablex/answer-in-time')
    const call = await callTo(answersAfter(6_000), { platform: 'enablex', rules: { 'enablex/answer-in-time': 'warn' }, warnings: 'silent' }).expectAction('accept')
    expect(call.warnings).toEqual([expect.stringMatching(/^turn 1: the app answered incomingcall 6 s \(virtual\) after it was sent, held back by its own timer: longer than the 5 s the vendor documents/)])
  })

  it('takes an answer held back exactly 5 s ("within 5 seconds"), with no warning, every run (helper-127 finding 6)', async () => {
    // The host's fraction of a millisecond between the timer firing and the answer failed it every run.
    for (let run = 0; run < 3; run++) {
      const call = await callTo(answersAfter(5_000), { platform: 'enablex' }).expectAction('accept')
      expect(call.warnings).toEqual([])
      expect(call.actions[0]).toMatchObject({ name: 'accept', at: 5_000 })
    }
  })

  it('takes an answer held back 4.5 s, with no warning', async () => {
    const call = await callTo(answersAfter(4_500), { platform: 'enablex' }).expectAction('accept')
    expect(call.warnings).toEqual([])
    expect(call.actions[0]).toMatchObject({ name: 'accept', at: 4_500 })
  })
})

/**
 * `use` given a CRM in this process that answers after `ms` of real time, closed after: its delay set on the timers as they
 * were before any call (a call fakes the globals; the CRM is the far side of the app's request).
 */
const realSetTimeout = globalThis.setTimeout
async function withSlowCrm(ms: number, use: (crm: { url: string }) => Promise<void>): Promise<void> {
  const { createServer } = await import('node:http')
  const server = createServer((_req, res) => void realSetTimeout(() => res.end('{"name":"Ada"}'), ms))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  try {
    await use({ url: `http://127.0.0.1:${port}/customer` })
  } finally {
    // Its connections too: one whose request the app aborted would keep close() waiting.
    server.closeAllConnections()
    await new Promise((resolve) => server.close(() => resolve(undefined)))
  }
}

describe('the 5 s deadline counts the real time an in-process app waits on I/O (audit-80)', () => {
  it('fails 4.6 s on its own timer plus a 0.6 s real lookup, naming both', async () => {
    await withSlowCrm(600, async (crm) => {
      const error = await failureOf(callTo(answersAfter(4_600, crm.url), { platform: 'enablex' }).expectAction('accept'))
      expect(error.message).toMatch(
        /^\[callspec\] turn 1, expectAction\('accept'\): the app answered incomingcall 5\.\d s after it was sent: 4\.6 s \(virtual\) on its own timers and \d+ ms of real time on top of them \(callspec waited that long on the app's real I\/O, such as a request or a query, or on its own work, beyond what a timer of its ran down meanwhile: the platform waits for that too when the answer waits for it; callspec cannot tell a request the app did not await\): longer than the 5 s the vendor documents the platform waits \(rule enablex\/answer-in-time/,
      )
    })
  })

  it('fails a 5.2 s real lookup with no timer of its own, said to be real time', async () => {
    await withSlowCrm(5_200, async (crm) => {
      const error = await failureOf(callTo(answersAfter(0, crm.url), { platform: 'enablex' }).expectAction('accept'))
      expect(error.message).toMatch(
        /^\[callspec\] turn 1, expectAction\('accept'\): the app answered incomingcall 5\.\d s after it was sent, in real time \(callspec waited that long on the app's real I\/O, such as a request or a query, or on its own work, beyond what a timer of its ran down meanwhile: the platform waits for that too when the answer waits for it; callspec cannot tell a request the app did not await\): longer than the 5 s the vendor documents the platform waits \(rule enablex\/answer-in-time/,
      )
    })
  }, 15_000)

  it('takes 4 s on its own timer plus a 0.3 s real lookup', async () => {
    await withSlowCrm(300, async (crm) => {
      const call = await callTo(answersAfter(4_000, crm.url), { platform: 'enablex' }).expectAction('accept')
      expect(call.warnings).toEqual([])
    })
  })
})

/**
 * Real time and a timer of the app's pending meanwhile overlap, as in production: what the app
 * waited on in real time while a timer ran down is not added to that timer's time. Measured before
 * (audit-114 F3): an analytics POST the app did not await, 1.5 s to another process, beside a 4 s
 * timer, read as a 5.5 s answer and failed EnableX's 5 s; in production it answers at 4 s.
 */
describe("the deadline's real part overlaps the app's timers pending meanwhile (audit-114 F3)", () => {
  it('a 1.5 s request the app does not await, beside a 4 s timer: answered at 4 s, no warning', async () => {
    await withSlowCrm(1_500, async (crm) => {
      const app = acceptsAfter(async () => {
        void fetch(crm.url).then((r) => r.text())
        await new Promise((resolve) => setTimeout(resolve, 4_000))
      })
      const started = performance.now()
      const call = await callTo(app, { platform: 'enablex' }).expectAction('accept')
      // The request did hold the clock (the app's timer waited for it): the test measures the overlap, not a skipped wait.
      expect(performance.now() - started).toBeGreaterThan(1_400)
      expect(call.warnings).toEqual([])
      expect(call.actions[0]).toMatchObject({ name: 'accept', at: 4_000 })
    })
  })

  it('a 1 s lookup awaited together with a 4.5 s minimum hold (Promise.all): answered at 4.5 s, no warning', async () => {
    await withSlowCrm(1_000, async (crm) => {
      const app = acceptsAfter(() => Promise.all([fetch(crm.url).then((r) => r.json()), new Promise((resolve) => setTimeout(resolve, 4_500))]))
      const call = await callTo(app, { platform: 'enablex' }).expectAction('accept')
      expect(call.warnings).toEqual([])
      expect(call.actions[0]).toMatchObject({ name: 'accept', at: 4_500 })
    })
  })

  it('a 3.5 s hold, then a lookup under AbortSignal.timeout(1000) to a 1.9 s CRM: aborted after 1 s of it, answered at 4.5 s, no warning (audit-115)', async () => {
    await withSlowCrm(1_900, async (crm) => {
      let outcome = ''
      const app = acceptsAfter(async () => {
        await new Promise((resolve) => setTimeout(resolve, 3_500))
        outcome = await fetch(crm.url, { signal: AbortSignal.timeout(1_000) }).then(
          () => 'found',
          (error: Error) => error.name,
        )
      })
      const call = await callTo(app, { platform: 'enablex' }).expectAction('accept')
      expect(outcome).toBe('TimeoutError')
      expect(call.warnings).toEqual([])
      expect(call.actions[0]).toMatchObject({ name: 'accept', at: 4_500 })
    })
  })

  it('a 1 s lookup awaited before a 4.5 s timer is set still adds up: 5.5 s misses the 5 s', async () => {
    await withSlowCrm(1_000, async (crm) => {
      const app = acceptsAfter(async () => {
        await (await fetch(crm.url)).json()
        await new Promise((resolve) => setTimeout(resolve, 4_500))
      })
      const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
      // The lookup's second, as measured: 968 ms on a loaded machine (Node 22, the whole suite beside it).
      expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('accept'\): the app answered incomingcall 5\.\d s after it was sent: 4\.5 s \(virtual\) on its own timers and (9\d\d ms|1(\.\d)? s) of real time on top of them \(callspec waited that long on the app's real I\/O[^)]*\): longer than the 5 s the vendor documents/)
    })
  })
})

/**
 * An app that backs off 4,900 ms on a 1 ms interval, then reads a small file: within 5 s in
 * production. The real part of the deadline is the time callspec waited on the app, not its own
 * work firing 4,900 timers (~340 ms), which had failed such apps near the deadline, more often
 * on a loaded machine (audit-93 #7: 4,990 ms and a ~1 ms read measured 11-24 ms of "real I/O").
 * The read itself is real I/O, and on a loaded machine its callback waits for the event loop: it
 * measured 16 ms once (Node 24, two busy workers), so the app keeps 100 ms in hand, not 10.
 */
describe("the deadline's real part: the app's waits, not callspec's work moving the clock", () => {
  const backsOffThenReads = () =>
    acceptsAfter(async () => {
      await new Promise<void>((resolve) => {
        let ticks = 0
        const poll = setInterval(() => {
          if (++ticks < 4_900) return
          clearInterval(poll)
          resolve()
        }, 1)
      })
      await readFile(new URL(import.meta.url))
    })

  it('4,900 one-millisecond timers and a file read answer within 5 s, with no warning', async () => {
    const started = performance.now()
    const call = await callTo(backsOffThenReads(), { platform: 'enablex' }).expectAction('accept')
    // callspec's own work here takes real time well past the 100 ms left under the deadline (~340 ms
    // measured): counted, it would miss it. 100 ms, not 10: a file read took 16 ms in a loaded run on Node 24.
    expect(performance.now() - started).toBeGreaterThan(100)
    expect(call.warnings).toEqual([])
    // At 4,900 ms of timers, plus the read's real time when it held past 50 ms (real I/O counts:
    // 93 ms once beside a whole-suite run, 4,993; 5,000 once beside a whole-suite run and two other
    // processes' builds, still no warning). Never
    // callspec's own ~340 ms: that would be 5,240.
    expect(call.actions[0]).toMatchObject({ name: 'accept' })
    expect(call.actions[0]!.at).toBeGreaterThanOrEqual(4_900)
    expect(call.actions[0]!.at).toBeLessThanOrEqual(5_000)
  })

  it("the app's own CPU work after its timer counts: a 4 s backoff, then a 1.5 s loop, misses the 5 s (audit-104)", async () => {
    const app = acceptsAfter(async () => {
      await new Promise((resolve) => setTimeout(resolve, 4_000))
      const until = performance.now() + 1_500
      while (performance.now() < until) {
        // scoring the caller, synchronously
      }
    })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('accept'\): the app answered incomingcall 5\.\d s after it was sent: 4 s \(virtual\) on its own timers and 1\.\d s of real time on top of them \(callspec waited that long on the app's real I\/O, such as a request or a query, or on its own work, beyond what a timer of its ran down meanwhile: the platform waits for that too when the answer waits for it; callspec cannot tell a request the app did not await\)/)
  })
})

describe("the deadline's real part: a turn the thread spent off the CPU is the host's, not the app's work", () => {
  /**
   * Atomics.wait holds the thread off the CPU as a loaded machine does when it takes the CPU from
   * the process mid-turn: real time passes, no work of the app's is done. Before, a turn over
   * APP_WORK_MS counted whatever it was, and an answer a 5 s timer held back failed as 5.1 s under
   * two busy cores (the "exactly 5 s" test above, 2 runs in 16).
   */
  it('80 ms off the CPU in the turn after a 5 s timer: answered at 5 s, no warning', async () => {
    const app = acceptsAfter(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5_000))
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 80)
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept')
    expect(call.warnings).toEqual([])
    expect(call.actions[0]).toMatchObject({ name: 'accept', at: 5_000 })
  })

  // A synchronous call that blocks the thread is the app's wait, CPU or none: production's platform waits for it too.
  it('a 4 s backoff, then a 1.5 s blocking call (execSync): misses the 5 s', async () => {
    const app = acceptsAfter(async () => {
      await new Promise((resolve) => setTimeout(resolve, 4_000))
      execSync('sleep 1.5')
    })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('accept'\): the app answered incomingcall 5\.\d s after it was sent: 4 s \(virtual\) on its own timers and 1\.\d s of real time on top of them/)
  })
})

describe("the deadline's real part: the test process's garbage collection is not the app's wait", () => {
  it('a 4.6 s pause, then a 20 ms lookup while the test heap is collected for 600 ms, answers within 5 s', () => {
    const script = fileURLToPath(new URL('./fixtures/gc-during-wait.ts', import.meta.url))
    const { stdout, stderr } = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 })
    expect(stderr).toBe('')
    // The collection must be long enough to have failed the call when it counted.
    expect(stdout.trim().split('\n')).toEqual(['collections over 400 ms', 'accepted at 4600 ms, warnings 0'])
  }, 60_000)
})
