/**
 * helper-178: a heartbeat (`setInterval`, as an IVR keeps while a transfer or a CRM lookup is
 * pending) ticking while the app awaits a lookup in another process fires on the call's clock as
 * the real time held runs it down. The answer then comes when the lookup does, not from the tick:
 * the transcript said `app timer 300 ms interval → its answer to ANSWERED` for the last tick before
 * it, naming a timer that sent nothing as the cause of the greeting (and, for a lookup by a child
 * process, as well). A guard whose firing does give the answer (`Promise.race` against the lookup)
 * still says so.
 */
import { execFile } from 'node:child_process'
import { setTimeout as realSleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { greetsBesideHeartbeat, greetsWith } from '../helpers/webex-apps.js'

/** A CRM in a process of its own that answers `/<ms>` after that many ms of real time. */
const crm = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('Ann'), Number(q.url.slice(1)))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)
const lookup = (ms: number) => fetch(`http://127.0.0.1:${crm.port()}/${ms}`).then((r) => r.text())
const run = promisify(execFile)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Ticks 400 ms apart, the last about 200 ms of real time before the lookup's end: a tick within
// 50 ms of it would still read as the answer (InProcessAppClock.ioEndedSince), as a loaded machine made one.
const greeting = (app: Parameters<typeof callTo>[0]) => callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

describe("a heartbeat beside a real lookup is not the lookup's answer (helper-178)", () => {
  it('a 400 ms heartbeat ticking through a 1 s lookup in another process: every tick sent nothing, the greeting is not said to come from one', async () => {
    const { app, beats } = greetsBesideHeartbeat(400, async () => `Hello ${await lookup(1_000)}.`)
    const call = await greeting(app)
    expect(call).toHavePlayed('Hello Ann.')
    expect(beats()).toBeGreaterThanOrEqual(2)
    // Played when the lookup answered, about 1 s after ANSWERED, as in production.
    const play = call.actions.find((a) => a.name === 'PLAY')!
    expect(play.at).toBeGreaterThanOrEqual(1_000)
    expect(play.at).toBeLessThan(1_700)
    const printed = call.print()
    expect(printed).toMatch(/app timer 400 ms interval[^\n]*→ nothing sent to the platform/)
    expect(printed).not.toMatch(/app timer[^\n]*→ its answer to ANSWERED/)
  })

  it('the same heartbeat beside a child process (`sleep 1`): the greeting after it is no tick’s either', async () => {
    const { app } = greetsBesideHeartbeat(400, async () => {
      await run('sleep', ['1'])
      return 'Hello Ann.'
    })
    const call = await greeting(app)
    expect(call).toHavePlayed('Hello Ann.')
    expect(call.print()).toMatch(/app timer 400 ms interval[^\n]*→ nothing sent to the platform/)
    expect(call.print()).not.toMatch(/app timer[^\n]*→ its answer to ANSWERED/)
  })

  it('a 300 ms guard raced against the same lookup still gives the answer: its line says so', async () => {
    const app = greetsWith(() => Promise.race([lookup(1_000).then((name) => `Hello ${name}.`), sleep(300).then(() => 'One moment please.')]))
    const call = await greeting(app)
    expect(call).toHavePlayed('One moment please.')
    expect(call.print()).toMatch(/0\.5s {4}· app timer 300 ms → its answer to ANSWERED/)
    // The lookup, still in flight when the call ends, is over before the next test.
    await realSleep(1_000)
  })
})
