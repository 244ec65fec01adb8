/**
 * An in-process app whose handler waits on its own timer before answering a webhook (a pause
 * before accepting, a slow lookup simulated with setTimeout): the wait runs on the call's clock,
 * so the answer arrives that much later in virtual time and costs no real time. Past
 * limits.responseTimeoutMs the platform stops waiting, as it would in production.
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

  it('past limits.responseTimeoutMs of virtual waiting, the platform gives up: the turn fails as unanswered', async () => {
    const error = await failureOf(callTo(answerAfter(30_000), { platform: 'webex-connect', seed: 5, limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER'))
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): no complete answer within 300 ms \(limits\.responseTimeoutMs\): the app never answered\./)
  })
})
