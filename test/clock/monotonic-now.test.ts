/**
 * performance.now(), process.hrtime() and process.hrtime.bigint() read the call's clock while a call
 * runs on an app in this process, as Date does (audit-136 finding 08: a retry budget measured with
 * performance.now() never ran down; test/drivers/enablex/retry-budget.test.ts). Each starts where
 * real time stood as the call began, and is real again after.
 */
import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { slowCrmInThisProcess } from '../helpers/slow-crm.js'
import { callTo } from '../../src/index.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'
import { accepting, tts as enablexTts, type EnableXEvent, type Rest } from '../drivers/enablex/apps.js'
import { withoutNock } from '../helpers/without-nock.js'
import { serviceProcess } from '../helpers/service-process.js'

withoutNock()

afterEach(() => {
  vi.useRealTimers()
})

interface Readings {
  perf: number
  hr: [number, number]
  big: bigint
}
const read = (): Readings => ({ perf: performance.now(), hr: process.hrtime(), big: process.hrtime.bigint() })

/**
 * Reads the three clocks as ANSWERED arrives, waits `ms` on its own timer, and plays what each says
 * passed (ms, rounded as an app logging it would); hangs up after. `reads` keeps the readings as
 * ACCEPTED arrives (the call's first instant) and after the wait.
 */
function timingApp(ms: number) {
  const reads: Readings[] = []
  const app = webexApp((event) => {
    if (event.event === 'ACCEPTED') {
      reads.push(read())
      return { action: 'ANSWER' }
    }
    if (event.event !== 'ANSWERED') return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
    return (res: ServerResponse) => {
      const before = read()
      setTimeout(() => {
        const after = read()
        reads.push(after)
        const [s, ns] = process.hrtime(before.hr)
        const text = `performance ${Math.round(after.perf - before.perf)} hrtime ${Math.round(s * 1e3 + ns / 1e6)} bigint ${Math.round(Number(after.big - before.big) / 1e6)}`
        sendAction(res, { action: 'PLAY', audio: [tts(text)] })
      }, ms)
    }
  })
  return Object.assign(app, { reads })
}

const run = (app: ReturnType<typeof timingApp>) => callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

describe("performance.now() and process.hrtime() on the call's clock", () => {
  it('an app timing its own 2.5 s wait reads 2.5 s on each, where the test took a few real ms', async () => {
    const app = timingApp(2_500)
    const call = await run(app)
    expect(call).toHavePlayed('performance 2500 hrtime 2500 bigint 2500')
    expect(call.warnings).toEqual([])
  })

  it('each starts where real time stood as the call began, runs ahead of it with the call, and is real again after', async () => {
    const app = timingApp(3_500)
    const before = read()
    const call = await run(app)
    const after = read()
    const [first, last] = app.reads as [Readings, Readings]
    const played = call.actions.find((action) => action.name === 'PLAY')!.at
    // Continuous with real time: not behind what the test read just before, and not ahead of it by more than the real time between.
    expect(first.perf).toBeGreaterThanOrEqual(before.perf)
    expect(first.perf).toBeLessThan(after.perf)
    expect(first.big).toBeGreaterThanOrEqual(before.big)
    expect(first.big).toBeLessThan(after.big)
    // The call's 3.7 s: ahead of real time once the call is over (it took a fraction of that).
    expect(played).toBe(3_700)
    expect(last.perf - first.perf).toBeCloseTo(played, 6)
    expect(last.perf).toBeGreaterThan(after.perf)
    expect(last.big - first.big).toBe(BigInt(played) * 1_000_000n)
    expect(last.big).toBeGreaterThan(after.big)
    // Real again: performance.now() agrees with the wall clock, and hrtime with performance.now().
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(1_000)
    const realGap = Number(process.hrtime.bigint() - after.big) / 1e6 - (performance.now() - after.perf)
    expect(Math.abs(realGap)).toBeLessThan(50)
  })

  it('a synchronous loop waiting for time to pass on them ends, in the real time it takes in production, and time never goes back after', { timeout: 10_000 }, async () => {
    const seen: number[] = []
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event !== 'ANSWERED') return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
      // CPU work stood in for by a spin (the call's clock does not move while it runs), then a 1 s pause.
      const until = performance.now() + 100
      while (performance.now() < until);
      const hrUntil = process.hrtime.bigint() + 100_000_000n
      while (process.hrtime.bigint() < hrUntil);
      seen.push(performance.now())
      return (res: ServerResponse) => setTimeout(() => (seen.push(performance.now()), sendAction(res, { action: 'PLAY', audio: [tts('Done.')] })), 1_000)
    })
    const started = performance.now()
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Done.')
    // Two 100 ms spins: some 200 ms of real time (a loaded machine adds to it), not the wait to notice each.
    expect(performance.now() - started).toBeLessThan(1_500)
    const [spun, paused] = seen as [number, number]
    expect(paused).toBeGreaterThanOrEqual(spun)
  })

  // helper-189: each spin at one instant ran on from the clock, not from where the last one left the
  // reads, so it spun the lead of all the spins before it again: ten 50 ms spins took 2.75 s.
  it('spins one after another at the same instant each take the real time they take in production', { timeout: 10_000 }, async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event !== 'ANSWERED') return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
      return async (res: ServerResponse) => {
        // A feed's ten messages, 50 ms of CPU each (stood in for by a spin), each in a stretch of its own.
        for (let i = 0; i < 10; i++) {
          const until = performance.now() + 50
          while (performance.now() < until);
          await null
        }
        sendAction(res, { action: 'PLAY', audio: [tts('Done.')] })
      }
    })
    const started = performance.now()
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Done.')
    // Some 500 ms of real time (a loaded machine adds to it), not 50 + 100 + … + 500.
    expect(performance.now() - started).toBeLessThan(1_500)
  })

  // Audit h175 F7: the call's clock stands still while the app's code runs, and no macrotask runs in
  // a loop that yields only to a microtask, nor in a synchronous one: a time budget polled with
  // Date.now(), or with any clock and `await null`, never ran out, and the whole run hung (vitest's
  // own timeout cannot fire with the event loop starved).
  describe.each([
    ['Date.now(), synchronously', (budgetMs: number) => { const start = Date.now(); while (Date.now() - start < budgetMs); return Promise.resolve() }],
    ['Date.now(), yielding with await null', async (budgetMs: number) => { const start = Date.now(); while (Date.now() - start < budgetMs) await null }],
    ['performance.now(), yielding with await null', async (budgetMs: number) => { const start = performance.now(); while (performance.now() - start < budgetMs) await null }],
  ] as const)('a time budget polled with %s', (_how, spend) => {
    it('runs out, in the real time it takes in production', { timeout: 10_000 }, async () => {
      const app = webexApp((event) => {
        if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
        if (event.event !== 'ANSWERED') return undefined
        return (res: ServerResponse) => void spend(200).then(() => sendAction(res, { action: 'HANGUP' }))
      })
      const started = performance.now()
      await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('HANGUP')
      const took = performance.now() - started
      expect(took).toBeGreaterThanOrEqual(150)
      expect(took).toBeLessThan(3_000)
    })
  })

  it("hrtime(previous) keeps Node's checks of its argument during the call", async () => {
    let thrown: unknown
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event !== 'ANSWERED') return undefined
      try {
        process.hrtime([1] as unknown as [number, number])
      } catch (error) {
        thrown = error
      }
      return { action: 'HANGUP' }
    })
    await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('HANGUP')
    expect(thrown).toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
  })
})

describe("the test's own fake clock, adopted for the call", () => {
  it('faking timers but neither performance nor hrtime: they follow the call (on that clock), and are real again after', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const app = timingApp(2_500)
    const call = await run(app)
    expect(call).toHavePlayed('performance 2500 hrtime 2500 bigint 2500')
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(1_000)
  })

  it("faking them (vi.useFakeTimers()'s default): the app reads the test's own, which the call moves, and the test's stay in place after", async () => {
    vi.useFakeTimers()
    const start = performance.now()
    const app = timingApp(2_500)
    const call = await run(app)
    expect(call).toHavePlayed('performance 2500 hrtime 2500 bigint 2500')
    // The test's fake clock: where the app read it, and moved by the call.
    expect(app.reads[0]!.perf).toBe(start)
    expect(performance.now()).toBeGreaterThanOrEqual(app.reads[1]!.perf)
    expect(performance.now() - start).toBeGreaterThanOrEqual(2_500)
    expect((process.hrtime as { clock?: unknown }).clock).toBeDefined()
    vi.useRealTimers()
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(1_000)
  })
})

/**
 * callspec keeps its own bounds in real time, through Node's performance.now() captured at load: read
 * through the global during a call, they would read the call's clock, which stands still while the
 * app waits on real I/O (measured with realNow reading the global: the first test's call never
 * ends, and the second's signal aborts nothing).
 */
describe("callspec's own real time, while the app's performance.now() reads the call's", () => {
  // A database in a process of its own answering each query in 80 ms (test/clock/app-real-io.test.ts).
  const db = serviceProcess(`require('node:net').createServer((s) => s.on('data', () => setTimeout(() => s.write('ok\\n'), 80))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)
  // A CRM in this process answering after 350 ms of real time.
  const crm = slowCrmInThisProcess(350)

  /** Answers ANSWERED with a PLAY of what `lookup()` gives; hangs up after. */
  const greeter = (lookup: () => Promise<string>) =>
    webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return (res: ServerResponse) => void lookup().then((text) => sendAction(res, { action: 'PLAY', audio: [tts(text)] }))
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })

  it("the call's time waits for a query on the app's own database connection, not jumping to an idle timer it set before, and the call ends in real time", { timeout: 5_000 }, async () => {
    // Opened before the call, as a pool's is.
    const socket: Socket = connect(db.port(), '127.0.0.1')
    await once(socket, 'connect')
    const query = () => new Promise<void>((resolve) => (socket.once('data', () => resolve()), socket.write('SELECT balance\n')))
    const idle = new Map<string, ReturnType<typeof setTimeout>>()
    const app = accepting(enablexTts('Press 1 for your balance.', { prompt_ref: 'menu', dtmf: true }), async (event: EnableXEvent, api: Rest) => {
      if (event.playstate === 'playfinished') idle.set(event.voice_id, setTimeout(() => void api.call('DELETE', `/call/${event.voice_id}`), 30_000))
      if (event.playstate !== 'digitcollected') return undefined
      await query()
      clearTimeout(idle.get(event.voice_id))
      return api.call('PUT', `/call/${event.voice_id}/play`, enablexTts('Your balance is 42 dollars.', { prompt_ref: 'bye' }))
    })
    try {
      const started = performance.now()
      const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { prompt_ref: 'menu' }).pressDigits('1').expectAction('play', { prompt_ref: 'bye' }).staySilent(3_000)
      expect(call).toHavePlayed('Your balance is 42 dollars.')
      expect(performance.now() - started).toBeLessThan(3_000)
    } finally {
      socket.destroy()
      // The goodbye's idle timer is still pending as the call ends: handed back to real time, its
      // DELETE came ~30 s later, during another file's call in the same worker, and was listed among
      // that call's requests (a Webex Connect make-call test's exact failure message, Node 24).
      for (const timer of idle.values()) clearTimeout(timer)
    }
  })

  it("the real time the app holds the call's clock on a lookup is measured in real time: an AbortSignal.timeout(150) aborts a 350 ms one", { timeout: 5_000 }, async () => {
    const lookup = () =>
      fetch(crm.url(), { signal: AbortSignal.timeout(150) }).then(async (r) => `Hello ${((await r.json()) as { name: string }).name}.`, (error: Error) => error.name)
    const call = await callTo(greeter(lookup), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('TimeoutError')
    expect(call.print()).toContain('app timer 150 ms → its answer to ANSWERED')
  })
})
