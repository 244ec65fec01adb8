/**
 * The transcript's lines for the app's own timers (audit-80 §4): only the timer after which the
 * answer came is "its answer"; a run of the same timer doing nothing for the platform (a polling
 * loop, a heartbeat) is one line with a count; an async-iterator interval shows like any timer.
 * Each app is an HTTP server the call reaches over a real socket.
 */
import type { ServerResponse } from 'node:http'
import { setInterval as every, setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appWorkingOnAnswered, tts, webexApp } from '../helpers/webex-apps.js'

const run = (work: () => Promise<string>) =>
  callTo(appWorkingOnAnswered(work), { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

/** The transcript's lines for the app's timers, without their times' padding. */
const timerLines = (printed: string) => printed.split('\n').filter((l) => l.includes('· app timer')).map((l) => l.trim().replace(/\s+/g, ' '))

/** A "wait until ready" helper: looks at `ready()` every `stepMs`. */
async function waitUntil(ready: () => boolean, stepMs: number): Promise<void> {
  while (!ready()) await sleep(stepMs)
}

describe("the transcript's lines for the app's timers", () => {
  it('a 10 ms polling loop in a handler is one line with a count, and only its last tick gives the answer', async () => {
    const call = await run(async () => {
      let free = false
      setTimeout(() => (free = true), 1_500)
      await waitUntil(() => free, 10)
      return 'An agent is ready.'
    })
    expect(call).toHavePlayed('An agent is ready.')
    const lines = timerLines(call.print())
    expect(lines.length).toBeLessThanOrEqual(3)
    expect(lines.filter((l) => l.includes('its answer to ANSWERED'))).toHaveLength(1)
    expect(lines[0]).toMatch(/^0\.2s · app timer 10 ms ×\d{3} in a row, until 1\.\ds → nothing sent to the platform$/)
    expect(lines.at(-1)).toMatch(/^1\.7s · app timer .*10 ms → its answer to ANSWERED$/)
  })

  it('a 1 ms polling loop is as short', async () => {
    const call = await run(async () => {
      let free = false
      setTimeout(() => (free = true), 1_500)
      await waitUntil(() => free, 1)
      return 'An agent is ready.'
    })
    // The lines in the failure: it failed once in a full run on Node 22 (4 lines), and passed alone.
    const lines = timerLines(call.print())
    expect(lines.length, call.print()).toBeLessThanOrEqual(3)
  })

  it('an idle timer set on an earlier event that fires during the wait is not "its answer": the timer after which it came is', async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') {
        // An idle guard of the app's, armed on ACCEPTED, that does nothing the platform sees.
        setTimeout(() => {}, 1_000)
        return { action: 'ANSWER' }
      }
      if (event.event === 'ANSWERED')
        return (res: ServerResponse) =>
          void sleep(1_200).then(() => {
            res.setHeader('content-type', 'application/json')
            res.end(JSON.stringify({ action: 'PLAY', audio: [tts('Welcome, caller.')] }))
          })
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    const lines = timerLines(call.print())
    expect(lines).toEqual(['1.0s · app timer 1 s → nothing sent to the platform', '1.4s · app timer 1.2 s → its answer to ANSWERED'])
  })

  it("an interval from node:timers/promises' async iterator shows like any other timer", async () => {
    const call = await run(async () => {
      let n = 0
      for await (const _ of every(100)) if (++n === 25) break
      return `Waited ${n} ticks.`
    })
    expect(call).toHavePlayed('Waited 25 ticks.')
    const lines = timerLines(call.print())
    expect(lines).toEqual([expect.stringMatching(/^0\.3s · app timer 100 ms interval ×24 in a row, until 2\.6s → nothing sent to the platform$/), expect.stringMatching(/^2\.7s · app timer 100 ms interval → its answer to ANSWERED$/)])
  })

  it('a heartbeat interval that never reaches the platform is one line for the whole prompt', async () => {
    let heartbeat: NodeJS.Timeout | undefined
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') {
        heartbeat = setInterval(() => {}, 50)
        return { action: 'PLAY', audio: [tts('Please hold while we find an agent for you.')] }
      }
      if (event.event === 'PLAYED') {
        clearInterval(heartbeat)
        return { action: 'HANGUP' }
      }
      return undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    const lines = timerLines(call.print())
    expect(lines.length).toBeLessThanOrEqual(2)
    expect(lines[0]).toMatch(/· app timer 50 ms interval ×\d+ in a row, until \d+\.\ds → nothing sent to the platform$/)
  })

  it('a timer that fired while the app then never answered is not said to be its answer', async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      // Waits 1 s on its own timer, then never answers.
      if (event.event === 'ANSWERED') return () => void sleep(1_000)
      return undefined
    })
    const error = await callTo(app, { platform: 'webex-connect', seed: 5, limits: { responseTimeoutMs: 300 } })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    expect(error?.message).toContain('no answer to ANSWERED')
    const lines = timerLines(error!.message)
    expect(lines[0]).toMatch(/^1\.2s · app timer 1 s( ×\d+ in a row, until \d+\.\ds)? → nothing sent to the platform$/)
    expect(lines.filter((l) => l.includes('its answer'))).toEqual([])
  })
})
