import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { tts, webexApp, type WebexEvent } from '../../helpers/webex-apps.js'

/**
 * An answer that holds no action the platform can read (audit 90, finding 1), to an event the docs
 * answer with one (ACCEPTED, ANSWERED, PLAYED, COLLECTED_DIGITS, RECORDED, STREAMED): an empty 200,
 * `OK`, `{}`, HTML, broken JSON, a non-2xx. One rule, webex-connect/no-action-answer, fixed: the
 * docs expect one JSON action in the 200 answer; what the platform does with none is callspec's
 * inference, and the message says so. End to end over HTTP.
 */
const W = { platform: 'webex-connect' } as const
const TAG = 'rule webex-connect/no-action-answer'
/** The rule's source, on the line under the headline. */
const SOURCE = 'Rule webex-connect/no-action-answer: Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK"); what the platform does with an answer that holds no action is callspec\'s inference.'
/** The first line under the headline, past a hint on the first webhook (is `platform` right?). */
// Under the headline, its hints and, for a non-2xx, what the platform expects (the line after what the app said).
const sourceLine = (error: Error) => error.message.split('\n').slice(1).find((line) => !line.startsWith('Hint: ') && !line.startsWith('The platform expects '))
const OUTCOME = `The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here (${TAG}).`
const said = (event: string, answered: string) => `the app answered ${event} with ${answered}; the platform expects one JSON action object. ${OUTCOME}`

type Raw = (res: ServerResponse) => void
const ANSWERS: Array<[string, Raw, string]> = [
  ['an empty 200', (res) => void res.end(), 'an empty body'],
  ['OK (res.sendStatus(200))', (res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'), 'a body that names no action (OK)'],
  ['{}', (res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 'a body that names no action ({})'],
  ['"OK" (JSON, not an object)', (res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('"OK"'), 'a body that names no action ("OK")'],
  ['HTML', (res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hi</body></html>'), 'HTML/XML, not JSON'],
]

/** An app that answers `target` with `bad`, and everything before it as a caller-facing IVR would. */
function app(target: string, bad: Raw) {
  return webexApp((e: WebexEvent) => {
    if (e.event === target) return bad
    if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (e.event === 'ANSWERED') {
      if (target === 'COLLECTED_DIGITS') return { action: 'PLAY', audio: [tts('Press one')], collectInput: { maxDigits: 1 } }
      if (target === 'RECORDED') return { action: 'RECORD', audio: [tts('Speak')], timeoutSeconds: 3 }
      if (target === 'STREAMED') return { action: 'PLAY', audio: [tts('Say something')], streamInput: { timeout: 2 } }
      return { action: 'PLAY', audio: [tts('Hello there')] }
    }
    if (e.event === 'DROPPED') return undefined
    return { action: 'HANGUP' }
  })
}

const flow = (target: string, bad: Raw, options: Record<string, unknown> = {}) => {
  let c = callTo(app(target, bad), { ...W, ...options })
  if (target === 'ACCEPTED') return c.expectAction('ANSWER')
  c = c.expectAction('ANSWER')
  if (target === 'ANSWERED') return c.expectHangup()
  c = c.expectAction(target === 'RECORDED' ? 'RECORD' : 'PLAY')
  if (target === 'COLLECTED_DIGITS') return c.pressDigits('1').expectHangup()
  if (target === 'STREAMED') return c.say('hello').expectHangup()
  return c.expectHangup()
}

describe('an answer with no action to an event that expects one (webex-connect/no-action-answer)', () => {
  it.each(ANSWERS)('%s to PLAYED: fails with the rule, saying what is documented and what is inferred', async (_, bad, answered) => {
    const error = await failureOf(flow('PLAYED', bad))
    expect(error.message.split('\n')[0]).toBe(`[callspec] turn 3, expectHangup(): ${said('PLAYED', answered)}`)
    expect(sourceLine(error)).toBe(SOURCE)
  })

  it.each(['ACCEPTED', 'ANSWERED', 'COLLECTED_DIGITS', 'RECORDED', 'STREAMED'])('an empty 200 to %s: the same rule, the same wording', async (event) => {
    const error = await failureOf(flow(event, (res) => void res.end()))
    expect(error.message.split('\n')[0]).toMatch(/^\[callspec\] turn \d+, [^:]+: /)
    expect(error.message.split('\n')[0]).toContain(said(event, 'an empty body'))
    expect(sourceLine(error)).toBe(SOURCE)
  })

  it('broken JSON and a non-2xx fall under the same rule', async () => {
    const broken = await failureOf(flow('PLAYED', (res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"action": ')))
    expect(broken.message.split('\n')[0]).toMatch(/the app answered PLAYED with a body that is not valid JSON \(.*\); the platform expects one JSON action object\. /)
    expect(broken.message.split('\n')[0]).toContain(OUTCOME)
    expect(sourceLine(broken)).toBe(SOURCE)
    const status = await failureOf(flow('PLAYED', (res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end('oops')))
    // What the app said leads; what the platform expects is the line under it (newcomer audit N4).
    expect(status.message.split('\n').slice(0, 2)).toEqual(['[callspec] turn 3, expectHangup(): the app answered PLAYED with HTTP 500: oops', `The platform expects a 2xx with one JSON action object. ${OUTCOME}`])
    expect(sourceLine(status)).toBe(SOURCE)
  })

  it('is fixed: it cannot be set to warn', async () => {
    await expect(flow('PLAYED', (res) => void res.end(), { rules: { 'webex-connect/no-action-answer': 'warn' } })).rejects.toThrow(
      "[callspec] rule webex-connect/no-action-answer cannot be set to 'warn': the platform has no action to run in an answer that holds none it can read.",
    )
  })

  it('an action still runs as before, with no warning', async () => {
    const call = await flow('PLAYED', (res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"action":"HANGUP"}'))
    expect(call.warnings).toEqual([])
  })

  it("validate('webex-connect', 'action', {}) still names the missing action key (a payload, not an answer)", () => {
    const result = validate('webex-connect', 'action', {})
    expect(result.ok).toBe(false)
    expect(result.issues[0]).toMatchObject({ rule: 'webex-connect/action-schema' })
  })
})
