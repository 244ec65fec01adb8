/**
 * A worker thread keeps the machine's clock: its `Date` is the real date, whatever the call's
 * startAt. An app deciding business hours in a worker (a rules engine started at load) answered by
 * the day the suite ran, and nothing said the app had asked a clock the call does not drive
 * (helper-136 finding 4). The transcript now says it, once a call.
 */
import type { ServerResponse } from 'node:http'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

const rules = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => parentPort.postMessage(new Date().toISOString()))", { eval: true })
afterAll(() => rules.terminate())

/** The worker's date, asked as a rules engine started at load is. */
const workerDate = () =>
  new Promise<string>((resolve) => {
    rules.once('message', resolve)
    rules.postMessage('now?')
  })

const app = webexApp((event) => {
  if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
  if (event.event === 'ANSWERED') return (res: ServerResponse) => void workerDate().then(() => sendAction(res, { action: 'PLAY', audio: [tts('Welcome.')] }))
  return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
})

describe('an app that asks a worker thread during the call', () => {
  it("is told the worker keeps the machine's clock, once", async () => {
    const call = await callTo(app, { platform: 'webex-connect', startAt: '2026-03-02T10:00:00Z' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    const notes = call.print().split('\n').filter((line) => line.includes('keeps the machine'))
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(
      /· the app's worker thread \d+ sent the app a message: a worker thread keeps the machine's clock, not the call's \(its Date reads the real date, startAt does not reach it, and its timers take real time\)$/,
    )
  })
})
