import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { realTimers } from '../../src/clock/real-timers.js'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'

const script = fileURLToPath(new URL('./fixtures/rejections-reported.ts', import.meta.url))
const run = (nodeOptions: string) => spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_OPTIONS: nodeOptions } })

describe("waiting for Node's report of the app's unhandled rejections", () => {
  it('ends after the report, without a turn of the event loop, and no listener ever sees its marker', () => {
    const { stdout, stderr } = run('')
    expect(stderr).toBe('')
    expect(stdout.trim().split('\n')).toEqual([
      // A rejection six nextTick callbacks and microtasks after the wait began is reported before it ends.
      'wrapped before: reported true, a turn passed false',
      // process.emit restored to what callspec wrapped (signal-exit's unload): wrapped again.
      'restored: reported true, a turn passed false',
      'wrapped after: reported true, a turn passed false',
      // Two copies of callspec in one process share the markers: neither wraps the other's wrapper.
      'two copies: reported true, a turn passed false',
      'two copies: process.emit unchanged over 200 alternating waits true',
      // Inside a domain Node reports to the domain, not process.emit: a real turn instead.
      'domain: reported true, a turn passed true',
      'listeners saw: wrapped before, restored, wrapped after, two copies, domain',
    ])
  })

  it('takes a real turn under --unhandled-rejections=strict, where a marker would be raised as an exception', () => {
    const { stdout, stderr, status } = run('--unhandled-rejections=strict')
    expect(stderr).toBe('')
    expect(status).toBe(0)
    expect(stdout).toContain('wrapped before: reported true, a turn passed true')
    expect(stdout).toContain('listeners saw: wrapped before, restored, wrapped after, two copies, domain\n')
  })

  it("lets an in-process call with the app's clock take fewer turns of the event loop than it has webhooks", async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } })
    const call = () => callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
    await call()
    // Counts the event loop's turns during a call: a real immediate (the app's are on the call's clock) queued again at each.
    const turnsOfACall = async () => {
      let turns = 0
      let counting = true
      const count = () => {
        turns++
        if (counting) realTimers.setImmediate(count)
      }
      realTimers.setImmediate(count)
      const result = await call()
      counting = false
      return { turns, webhooks: result.transcript.entries.filter((e) => e.kind === 'event').length }
    }
    // The fewest of three calls: on a loaded machine a wait may outlast the 50 ms after which the
    // clock looks at the app's real I/O (a real timer, a turn), and other files' leftovers in the
    // worker take turns too (measured once in a full run on Node 22: 5).
    const runs = [await turnsOfACall(), await turnsOfACall(), await turnsOfACall()]
    const webhooks = runs[0]!.webhooks
    expect(webhooks).toBe(4)
    // One turn a webhook before (7 in all with the clock's settling); now only the settling's.
    expect(Math.min(...runs.map((r) => r.turns))).toBeLessThan(webhooks)
  })
})
