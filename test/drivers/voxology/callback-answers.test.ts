import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

/**
 * Bad answers to a live callback (audit 90, finding 2). The docs answer a callback with HTTP 200
 * and {"actions": [...]}, and say only the final callback takes no body; what Voxology does with
 * anything else is not documented. An empty body (or a 204) is rule voxology/empty-callback-answer,
 * inferred: a warning, and the call ends as callspec infers the flow does; an answer it cannot read
 * (HTML, invalid JSON, a non-2xx) is rule voxology/callback-answer, fixed, and the message says
 * which part is callspec's inference. End to end over HTTP, against an in-process app.
 */
const V = { platform: 'voxology' } as const
type Raw = (res: ServerResponse) => void

/** init_call plays a SAY and runs out; the script_end callback gets `bad`; the final one a 204. */
function app(bad: Raw, seen: string[] = []) {
  return (req: import('node:http').IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const cb = JSON.parse(body) as { type: string }
      seen.push(cb.type)
      if (cb.type === 'call_end') return void res.writeHead(204).end()
      if (cb.type === 'script_end') return bad(res)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ actions: [{ type: 'SAY', params: { text: 'hello' } }] }))
    })
  }
}

const EMPTY_TAG = 'rule voxology/empty-callback-answer'
const EMPTY_SOURCE = `Rule voxology/empty-callback-answer, inferred: the docs answer a live callback with {"actions": [...]} and say only the final callback takes no body; what Voxology does with an empty answer is not documented.`
const emptySaid = (answered: string) =>
  `the app answered the script_end callback with ${answered}; the platform expects a JSON script {"actions": [...]} (only the final callback is documented to take no body). The docs do not say what Voxology does with a live callback answered with no script: callspec's inference is that the flow ends there, so the call ends and the final callback goes out`

describe('an empty answer to a live callback (voxology/empty-callback-answer, inferred)', () => {
  it.each([
    ['an empty 200', ((res) => void res.writeHead(200).end()) as Raw, 'an empty body'],
    ['a 204', ((res) => void res.writeHead(204).end()) as Raw, 'HTTP 204 (no body)'],
    // res.json({}), the acknowledgement Voxology's SMS tutorial sends: it failed the call under the
    // documented voxology/script-shape ("a script needs an actions array"), while an empty body warned.
    ['{}', ((res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}')) as Raw, 'an empty JSON object {}'],
  ])('%s: warns by default, and the call ends (the final callback goes out)', async (_, bad, answered) => {
    const seen: string[] = []
    const call = await callTo(app(bad, seen), { ...V, warnings: 'silent' }).expectAction('SAY').expectHangup()
    expect(call.warnings).toEqual([`turn 2: ${emptySaid(answered)} (${EMPTY_TAG}, inferred)`])
    expect(seen).toEqual(['init_call', 'script_end', 'call_end'])
    expect(call.end).toMatchObject({ by: 'platform' })
  })

  it('to the first callback: asks whether platform is right (a Webex Connect app answers init_call so, and passed with the warning alone)', async () => {
    // audit-111 8: a Webex Connect app run as voxology, which answers any webhook but its own events with an empty 200.
    const webex = (req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const { event } = JSON.parse(body) as { event?: string }
        if (event === 'ACCEPTED') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"action":"ANSWER"}')
        res.writeHead(200).end()
      })
    }
    const call = await callTo(webex, { ...V, warnings: 'silent' }).expectHangup()
    expect(call.warnings).toEqual([
      expect.stringMatching(
        /^turn 1: the app answered the init_call callback with an empty body; .*the final callback goes out\. An empty answer to the first callback is also what an app written for another platform gives a webhook it does not know: is `platform` right\? \(rule voxology\/empty-callback-answer, inferred\)$/,
      ),
    ])
  })

  it("validate('voxology', 'script', {}) gives the call's verdict: the same rule's warning, not the documented script-shape failure", async () => {
    // It failed under voxology/script-shape ("a script needs an \"actions\" array") while the call warned (h198).
    const call = await callTo(app((res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}')), { ...V, warnings: 'silent' }).expectAction('SAY').expectHangup()
    expect(call.warnings).toEqual([`turn 2: ${emptySaid('an empty JSON object {}')} (${EMPTY_TAG}, inferred)`])
    const said = emptySaid('an empty JSON object {}').replace('the script_end callback', 'a live callback')
    expect(validate('voxology', 'script', {})).toEqual({
      ok: true,
      issues: [expect.objectContaining({ path: '', message: said, rule: 'voxology/empty-callback-answer', level: 'warn', evidence: 'inferred' })],
    })
    expect(validate('voxology', 'script', {}, { strict: true })).toMatchObject({ ok: false, issues: [{ rule: 'voxology/empty-callback-answer', level: 'error' }] })
    // Keys but no actions stay the documented failure, in validate() as in a call.
    expect(validate('voxology', 'script', { ncco: [] })).toMatchObject({ ok: false, issues: [{ message: 'a script needs an "actions" array', rule: 'voxology/script-shape' }] })
  })

  it('{} with keys beside it ({"ncco": []}) is no acknowledgement: still the documented script-shape failure', async () => {
    const error = await failureOf(callTo(app((res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ncco": []}')), V).expectAction('SAY').expectHangup())
    expect(error.message).toContain('✖ a script needs an "actions" array')
    expect(error.message).toContain('→ rule voxology/script-shape')
  })

  it('fails under strict, with the tagged message', async () => {
    const error = await failureOf(callTo(app((res) => void res.writeHead(204).end()), { ...V, strict: true }).expectAction('SAY').expectHangup())
    // Led by callspec's inference, its rule and how to relax it.
    const lead = "callspec failed the call by a rule it inferred, not one Voxology documents: voxology/empty-callback-answer, at error under strict: true (rules: { 'voxology/empty-callback-answer': 'warn' } warns instead, 'off' ignores it)"
    expect(error.message.split('\n')[0]).toBe(`[callspec] turn 2, expectHangup(): ${lead}: ${emptySaid('HTTP 204 (no body)')} (${EMPTY_TAG}, inferred).`)
    expect(error.message.split('\n')[1]).toBe(EMPTY_SOURCE)
  })
})

const UNREADABLE_TAG = 'rule voxology/callback-answer'
const UNREADABLE_SOURCE = `Rule voxology/callback-answer: Voxology docs: Call Flow Loop, "Response: HTTP 200 with application/json body {"actions": [...]}"; what Voxology does with another answer is callspec's inference.`
const OUTCOME = `The docs do not say what Voxology does with an answer it cannot read a script from: callspec's inference is that the call ends, so the call fails here (${UNREADABLE_TAG}).`

describe('an answer with no script callspec can read (voxology/callback-answer, fixed)', () => {
  it.each([
    ['HTML', ((res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hi</body></html>')) as Raw, [`HTML/XML, not JSON; the platform expects a JSON script {"actions": [...]}. ${OUTCOME}`]],
    // A non-2xx: what the app said leads, what the platform expects is the line under it (newcomer audit N4).
    ['a 500', ((res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end('oops')) as Raw, ['HTTP 500: oops', `The platform expects a 2xx with a JSON script {"actions": [...]}. ${OUTCOME}`]],
  ])('%s: fails with the rule, saying what is inferred', async (_, bad, [answered, ...then]) => {
    const error = await failureOf(callTo(app(bad), V).expectAction('SAY').expectHangup())
    expect(error.message.split('\n').slice(0, then.length + 2)).toEqual([`[callspec] turn 2, expectHangup(): the app answered the script_end callback with ${answered}`, ...then, UNREADABLE_SOURCE])
  })

  it('broken JSON and OK: the same rule', async () => {
    for (const body of ['{"actions": [', 'OK']) {
      const error = await failureOf(callTo(app((res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(body)), V).expectAction('SAY').expectHangup())
      expect(error.message.split('\n')[0]).toMatch(/the app answered the script_end callback with a body that is not valid JSON \(.*\); the platform expects a JSON script \{"actions": \[\.\.\.\]\}\. /)
      expect(error.message.split('\n')[0]).toContain(OUTCOME)
      expect(error.message.split('\n')[1]).toBe(UNREADABLE_SOURCE)
    }
  })

  it('is fixed: it cannot be set to warn', async () => {
    await expect(callTo(app((res) => void res.writeHead(500).end()), { ...V, rules: { 'voxology/callback-answer': 'warn' } }).expectAction('SAY')).rejects.toThrow(
      "[callspec] rule voxology/callback-answer cannot be set to 'warn': the platform has no script to run in an answer it cannot read.",
    )
  })
})
