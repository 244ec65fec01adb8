/**
 * An answer the app holds back past the platform's patience by polling a job every 100 ms gets the
 * verdict the same wait in one pause gets: on Webex Connect, which documents no deadline, a warning
 * under the inferred webex-connect/answer-in-time, none with the rule at 'off'. A webhook's wait
 * fired only ten of the app's timers past the patience, then failed the call as "the app never
 * answered" after the real-time wait, whatever the rule said (helper-136 finding 6).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appWorkingOnAnswered } from '../helpers/webex-apps.js'

/** Resolves at the first 100 ms poll that finds `ms` gone by on the app's clock. */
const jobDoneAfter = (ms: number) =>
  new Promise<void>((resolve) => {
    const doneAt = Date.now() + ms
    const poll = setInterval(() => {
      if (Date.now() < doneAt) return
      clearInterval(poll)
      resolve()
    }, 100)
  })

const reportApp = () => appWorkingOnAnswered(() => jobDoneAfter(6_000).then(() => 'Your report is ready.'))

describe('an answer held back 6 s by a job polled every 100 ms', () => {
  it('is taken 6 s after ANSWERED, with the warning of the inferred rule', async () => {
    const call = await callTo(reportApp(), { platform: 'webex-connect', seed: 3, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call.actions[1]).toMatchObject({ name: 'PLAY', at: 6_200 }) // ANSWERED went out at 0.2 s
    expect(call.warnings).toEqual([
      "turn 2: the app answered ANSWERED 6 s (virtual) after it was sent, held back by its own timer: longer than the 4 s callspec assumes the platform waits (the vendor documents no webhook timeout: 4 s is callspec's default; a limits.responseTimeoutMs you set is taken as it, and is callspec's wait too) (rule webex-connect/answer-in-time, inferred)",
    ])
  })

  it("passes with no warning with the rule at 'off'", async () => {
    const call = await callTo(reportApp(), { platform: 'webex-connect', seed: 3, rules: { 'webex-connect/answer-in-time': 'off' } })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectHangup()
    expect(call).toHavePlayed('Your report is ready.')
    expect(call.warnings).toEqual([])
  })
})
