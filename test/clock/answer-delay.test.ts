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

const answerAfter = (ms: number) =>
  webexApp((event) => (res: ServerResponse) => {
    const action = event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Hello.')] } : event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
    setTimeout(() => {
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

  it('held back past limits.responseTimeoutMs by its own timer, the answer is taken with a warning: no vendor documents a webhook timeout', async () => {
    const started = performance.now()
    const call = await callTo(answerAfter(30_000), { platform: 'webex-connect', seed: 5, warnings: 'silent', limits: { responseTimeoutMs: 4_000 } }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(call.actions[0]).toMatchObject({ name: 'ANSWER', at: 30_000 })
    expect(call.warnings).toEqual([
      'turn 1: the app answered ACCEPTED 30 s (virtual) after it was sent, held back by its own timer: longer than the 4 s callspec assumes the platform waits (limits.responseTimeoutMs; the vendor documents no webhook timeout) (rule webex-connect/answer-in-time (inferred: the webhook timeout is not documented; callspec assumes limits.responseTimeoutMs))',
    ])
  })

  it('under strict, fails the turn at once, saying what held the answer back', async () => {
    const started = performance.now()
    const error = await failureOf(callTo(answerAfter(5_000), { platform: 'webex-connect', seed: 5, strict: true, limits: { responseTimeoutMs: 4_000 } }).expectAction('ANSWER'))
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('ANSWER'\): the app answered ACCEPTED 5 s \(virtual\) after it was sent, held back by its own timer: longer than the 4 s callspec assumes the platform waits \(limits\.responseTimeoutMs; the vendor documents no webhook timeout\) \(rule webex-connect\/answer-in-time \(inferred: .*\)\)\. Raise limits\.responseTimeoutMs if the platform waits longer, or answer first and act after\./,
    )
  })

  it('an app that never answers still fails at limits.responseTimeoutMs of real time', async () => {
    const silent = webexApp(() => () => {})
    const error = await failureOf(callTo(silent, { platform: 'webex-connect', seed: 5, limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER'))
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): no complete answer within 300 ms \(limits\.responseTimeoutMs\): the app never answered\./)
  })
})
