/**
 * audit-104 finding 6d: where the vendor documents no webhook deadline (Webex Connect, 8x8,
 * Voxology), `<platform>/answer-in-time` is callspec's inference (it assumes
 * limits.responseTimeoutMs). Failing under strict, or set to 'error', it opened "the app answered
 * ACCEPTED 5 s (virtual) after it was sent…", where every other inferred rule now leads "callspec
 * failed the call by a rule it inferred, not one <Vendor> documents: …" (inferred-lead.ts). Now it
 * does too. EnableX documents its 5 s: that failure still cites the vendor. Over real HTTP, in
 * memory; each app's wait is on the call's clock (node:timers/promises).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const LIMITS = { limits: { responseTimeoutMs: 4_000 } }
const ASSUMED = 'longer than the 4 s callspec assumes the platform waits (the vendor documents no webhook timeout: your limits.responseTimeoutMs is taken as it)'
const TAG = (rule: string) => `(rule ${rule}, inferred)`
/** The rule's source, on the line under the headline. */
const SOURCE = (rule: string) =>
  rule === '8x8/answer-in-time'
    ? `Rule ${rule}, inferred: the webhook timeout is not documented, nor how long a playFile download may take; callspec assumes limits.responseTimeoutMs.`
    : `Rule ${rule}, inferred: the webhook timeout is not documented; callspec assumes limits.responseTimeoutMs.`
const sourceLine = (error: Error) => error.message.split('\n')[1]
const FIX = 'Raise limits.responseTimeoutMs if the platform waits longer, or answer first and act after.'
const lead = (vendor: string, rule: string, why = 'under strict: true') =>
  `callspec failed the call by a rule it inferred, not one ${vendor} documents: ${rule}, at error ${why} (rules: { '${rule}': 'warn' } warns instead, 'off' ignores it)`
const headline = (error: Error) => error.message.split('\n')[0]

function webex() {
  const app = express()
  app.use(express.json())
  app.post('/', async (req, res) => {
    const { event } = req.body as { event: string }
    if (event === 'ACCEPTED') await sleep(5_000)
    res.json(event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'HANGUP' })
  })
  return app
}

describe('answer-in-time, inferred, at error: led by the inference', () => {
  it('Webex Connect, under strict', async () => {
    const error = await failureOf(callTo(webex(), { platform: 'webex-connect', strict: true, ...LIMITS }).expectAction('ANSWER'))
    expect(headline(error)).toBe(
      `[callspec] turn 1, expectAction('ANSWER'): ${lead('Webex Connect', 'webex-connect/answer-in-time')}: ` +
        `the app answered ACCEPTED 5 s (virtual) after it was sent, held back by its own timer: ${ASSUMED} ${TAG('webex-connect/answer-in-time')}. ${FIX}`,
    )
    expect(sourceLine(error)).toBe(SOURCE('webex-connect/answer-in-time'))
  })

  it("Webex Connect, the rule set to 'error'", async () => {
    const error = await failureOf(callTo(webex(), { platform: 'webex-connect', rules: { 'webex-connect/answer-in-time': 'error' }, ...LIMITS }).expectAction('ANSWER'))
    expect(headline(error)).toBe(
      `[callspec] turn 1, expectAction('ANSWER'): ${lead('Webex Connect', 'webex-connect/answer-in-time', 'as rules sets it')}: ` +
        `the app answered ACCEPTED 5 s (virtual) after it was sent, held back by its own timer: ${ASSUMED} ${TAG('webex-connect/answer-in-time')}. ${FIX}`,
    )
    expect(sourceLine(error)).toBe(SOURCE('webex-connect/answer-in-time'))
  })

  it('8x8, under strict', async () => {
    const app = express()
    app.use(express.json())
    app.post('/8x8/vca', async (_req, res) => {
      await sleep(5_000)
      res.json({ callflow: [{ action: 'say', params: { text: 'Hi.', voiceProfile: 'en-US-ZiraRUS' } }, { action: 'hangup' }] })
    })
    app.post('/8x8/vss', (_req, res) => void res.end())
    const error = await failureOf(callTo(app, { platform: '8x8', strict: true, ...LIMITS }).expectAction('say'))
    expect(headline(error)).toBe(
      `[callspec] turn 1, expectAction('say'): ${lead('8x8', '8x8/answer-in-time')}: ` +
        `the app answered CALL_ACTION 5 s (virtual) after it was sent, held back by its own timer: ${ASSUMED} ${TAG('8x8/answer-in-time')}. ${FIX}`,
    )
    expect(sourceLine(error)).toBe(SOURCE('8x8/answer-in-time'))
  })

  it('Voxology, under strict', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', async (req, res) => {
      if ((req.body as { status?: string }).status !== 'live-in-progress') return void res.end()
      await sleep(5_000)
      res.json({ actions: [{ type: 'SAY', params: { text: 'Hi.' } }, { type: 'HANGUP' }] })
    })
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true, ...LIMITS }).expectAction('SAY'))
    expect(headline(error)).toBe(
      `[callspec] turn 1, expectAction('SAY'): ${lead('Voxology', 'voxology/answer-in-time')}: ` +
        `the app answered init_call 5 s (virtual) after it was sent, held back by its own timer: ${ASSUMED} ${TAG('voxology/answer-in-time')}. ${FIX}`,
    )
    expect(sourceLine(error)).toBe(SOURCE('voxology/answer-in-time'))
  })

  it('at warn (the default), the warning is as it was: no lead', async () => {
    const call = await callTo(webex(), { platform: 'webex-connect', warnings: 'silent', ...LIMITS }).expectAction('ANSWER')
    expect(call.warnings[0]).toBe(`turn 1: the app answered ACCEPTED 5 s (virtual) after it was sent, held back by its own timer: ${ASSUMED} ${TAG('webex-connect/answer-in-time')}`)
  })
})

describe('EnableX documents its deadline: the failure cites the vendor, as before', () => {
  it('an event answered after 6 s, under strict', async () => {
    const app = express()
    app.use(express.json())
    app.post('/event', async (req, res) => {
      if ((req.body as { state?: string }).state === 'incomingcall') await sleep(6_000)
      res.sendStatus(200)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true, ...LIMITS }).expectAction('accept'))
    expect(headline(error)).toBe(
      "[callspec] turn 1, expectAction('accept'): the app answered incomingcall 6 s (virtual) after it was sent, held back by its own timer: longer than the 5 s the vendor documents the platform waits " +
        '(rule enablex/answer-in-time). ' +
        "Answer first and act after; if your account's platform waits longer, set rules: { 'enablex/answer-in-time': 'warn' }.",
    )
    expect(sourceLine(error)).toBe('Rule enablex/answer-in-time: EnableX docs: voice architecture page, a webhook unanswered within 5 s "the call may terminate".')
    expect(error.message).not.toContain('by a rule it inferred')
  })
})
