/**
 * An in-process app whose handler waits on its own timer before answering a webhook (a pause
 * before accepting, a slow lookup simulated with setTimeout): the wait runs on the call's clock,
 * so the answer arrives that much later in virtual time and costs no real time. Past
 * limits.responseTimeoutMs of virtual time the answer is still taken, with a warning: no vendor
 * documents how long it waits (rule <platform>/answer-in-time, inferred; strict fails the turn).
 */
import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** Answers ACCEPTED after `ms` on `set` (the global setTimeout as the handler finds it, by default: the call's clock). */
const answerAfter = (ms: number, set?: typeof setTimeout) =>
  webexApp((event) => (res: ServerResponse) => {
    const action = event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Hello.')] } : event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
    ;(set ?? setTimeout)(() => {
      if (action) res.setHeader('content-type', 'application/json')
      res.end(action ? JSON.stringify(action) : '')
    }, event.event === 'ACCEPTED' ? ms : 0)
  })

/** The same, but the timer is set only after a real file read: when the webhook went out, the app had no timer yet. */
const answerAfterReading = (ms: number) =>
  webexApp((event) => (res: ServerResponse) => {
    const action = event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Hello.')] } : event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
    void readFile(new URL(import.meta.url)).then(() =>
      setTimeout(() => {
        if (action) res.setHeader('content-type', 'application/json')
        res.end(action ? JSON.stringify(action) : '')
      }, event.event === 'ACCEPTED' ? ms : 0),
    )
  })

describe('an app that waits on its own timer before answering a webhook', () => {
  it('also when it sets the timer only after real I/O, with no timer pending when the webhook went out', async () => {
    const started = performance.now()
    const call = await callTo(answerAfterReading(2_000), { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(call.actions[0]).toMatchObject({ name: 'ANSWER', at: 2_000 })
  })

  it('answers at virtual +2 s, in no real time, and the transcript shows the timer', async () => {
    const started = performance.now()
    const call = await callTo(answerAfter(2_000), { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(call.actions[0]).toMatchObject({ name: 'ANSWER', at: 2_000 })
    expect(call.print()).toContain('2.0s    · app timer 2 s → its answer to ACCEPTED\n             1 ← ANSWER')
  })

  it("held back past callspec's assumed 4 s by its own timer, the answer is taken with a warning: no vendor documents a webhook timeout", async () => {
    const started = performance.now()
    const call = await callTo(answerAfter(30_000), { platform: 'webex-connect', seed: 5, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(call.actions[0]).toMatchObject({ name: 'ANSWER', at: 30_000 })
    expect(call.warnings).toEqual([
      'turn 1: the app answered ACCEPTED 30 s (virtual) after it was sent, held back by its own timer: longer than the 4 s callspec assumes the platform waits (the vendor documents no webhook timeout: 4 s is callspec\'s default; a limits.responseTimeoutMs you set is taken as it, and is callspec\'s wait too) (rule webex-connect/answer-in-time, inferred)',
    ])
  })

  it('under strict, fails the turn at once, saying what held the answer back', async () => {
    const started = performance.now()
    const error = await failureOf(callTo(answerAfter(5_000), { platform: 'webex-connect', seed: 5, strict: true, limits: { responseTimeoutMs: 4_000 } }).expectAction('ANSWER'))
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('ANSWER'\): callspec failed the call by a rule it inferred, not one Webex Connect documents: webex-connect\/answer-in-time, at error under strict: true \(rules: \{ 'webex-connect\/answer-in-time': 'warn' \} warns instead, 'off' ignores it\): the app answered ACCEPTED 5 s \(virtual\) after it was sent, held back by its own timer: longer than the 4 s callspec assumes the platform waits \(the vendor documents no webhook timeout: your limits\.responseTimeoutMs is taken as it\) \(rule webex-connect\/answer-in-time, inferred\)\. Raise limits\.responseTimeoutMs if the platform waits longer, or answer first and act after\.\nRule webex-connect\/answer-in-time, inferred: the webhook timeout is not documented; callspec assumes limits\.responseTimeoutMs\.\n/,
    )
  })

  it('an app that never answers still fails at limits.responseTimeoutMs of real time', async () => {
    const silent = webexApp(() => () => {})
    const error = await failureOf(callTo(silent, { platform: 'webex-connect', seed: 5, limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER'))
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): no complete answer within 300 ms \(limits\.responseTimeoutMs\): the app never answered\./)
  })

  it('an answer its own timer holds back past the 60 s a wait fires: the failure says that timer was pending', async () => {
    const error = await failureOf(callTo(answerAfter(90_000), { platform: 'webex-connect', seed: 5, limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER'))
    expect(error.message).toContain(
      "the app never answered. The app has a timer due 90 s (virtual) after this webhook went out: a webhook's wait fires the app's timers up to 60 s after it, so an answer held back longer counts as none.",
    )
  })

  it("past the patience, fires only timers set while handling this webhook: an earlier idle timer waits while the app waits on real I/O", async () => {
    const realSetTimeout = globalThis.setTimeout
    const app = webexApp((event) => (res: ServerResponse) => {
      const answer = (action: unknown) => {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(action))
      }
      if (event.event === 'ACCEPTED') {
        setTimeout(() => {}, 30_000) // an idle timer, cleared by nobody
        return answer({ action: 'ANSWER' })
      }
      // A 60 ms lookup on real I/O (a database), then the answer.
      if (event.event === 'ANSWERED') return void realSetTimeout(() => answer({ action: 'PLAY', audio: [tts('Hello.')] }), 60)
      if (event.event === 'PLAYED') return answer({ action: 'HANGUP' })
      res.end()
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 5, strict: true }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call.actions[1]!.at).toBeLessThan(1_000)
    expect(call.warnings).toEqual([])
  })

  it('the patience is limits.responseTimeoutMs as set (4 s by default), not the share of the test\'s time left that bounds the real wait', { timeout: 3_000 }, async () => {
    // A 3 s test timeout fits the real-time bound to 2.1 s; a 3 s pause is still within 4 s.
    const call = await callTo(answerAfter(3_000), { platform: 'webex-connect', seed: 5, strict: true }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call.actions[0]).toMatchObject({ name: 'ANSWER', at: 3_000 })
  })

  describe('a call paced by the wall clock (time: { scale }) judges an answer on the call\'s clock, its real time times the scale', () => {
    const realSetTimeout = globalThis.setTimeout
    /** An app whose timers callspec cannot see (real ones), answering ACCEPTED after `ms` of real time. */
    const answeringAfter = (ms: number) => answerAfter(ms, realSetTimeout)

    it('400 ms at scale 20 is 7 s or more of the call: late (helper-136 finding 10: the transcript put it there and the call passed)', async () => {
      const call = await callTo(answeringAfter(400), { platform: 'webex-connect', seed: 5, time: { scale: 20 }, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
      expect(call.warnings).toHaveLength(1)
      expect(call.warnings[0]).toMatch(
        /^turn 1: the app answered ACCEPTED [7-9](\.\d)? s after it was sent on the call's clock \(4\d\d ms of real time, at time: \{ scale: 20 \}, less 50 ms of it for the exchange itself\): longer than the 4 s callspec assumes the platform waits \(the vendor documents no webhook timeout: 4 s is callspec's default; a limits\.responseTimeoutMs you set is taken as it, and is callspec's wait too\) \(rule webex-connect\/answer-in-time, inferred\)$/,
      )
    })

    it("a prompt answer's own exchange is not counted, times the scale: no warning", async () => {
      const call = await callTo(answeringAfter(0), { platform: 'webex-connect', seed: 5, time: { scale: 20 }, strict: true }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
      expect(call.warnings).toEqual([])
    })
  })
})

