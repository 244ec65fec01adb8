/**
 * A REDIRECT's method in another case (rule voxology/redirect-method-case, inferred), and the
 * evidence a wrong REDIRECT cites (rule voxology/redirect-schema, the tutorials' samples). REDIRECT
 * is known only from Voxology's tutorials, which send "POST"; no page says whether the method's case
 * matters. Before: `method: "post"` failed the call `Invalid option: expected one of "POST"|"GET"
 * (received "post") → rule voxology/action-schema (Voxology docs and tutorials: Call Flow
 * Actions)`, evidence doc, while a REDIRECT with no method passed (audit h154 G4). End to end, over
 * HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const V = { platform: 'voxology' } as const
const say = (text: string) => ({ type: 'SAY', params: { text } })
const redirecting = (method?: unknown) =>
  scriptApp({
    '/': serve([say('One moment.'), { type: 'REDIRECT', params: { url: 'https://ivr.example.com/next', ...(method === undefined ? {} : { method }) } }]),
    '/next': serve([say('Bye.'), { type: 'HANGUP' }]),
  })
const CASE_TAG = 'rule voxology/redirect-method-case'
const CASE_SOURCE = "inferred: Voxology's samples send REDIRECT method in upper case (POST), and no page says whether the platform takes another case"
const said = 'REDIRECT method "post" is not upper case: the samples send "POST", and whether Voxology takes another case is callspec\'s inference'
const SAMPLE_SOURCE =
  "Voxology's tutorials (github.com/voxology-inc/api-tutorial-number-guessing-game), not its docs' pages: REDIRECT has params.url, and params.method POST (every sample) or GET (the docs' other callback method)"

describe('a REDIRECT method in lower case (voxology/redirect-method-case)', () => {
  it('warns by default, saying the case is callspec\'s inference, and redirects with POST', async () => {
    const { app, received } = redirecting('post')
    const call = await callTo(app, { ...V, warnings: 'silent' }).expectAction('SAY').expectAction('REDIRECT').expectAction('SAY').expectHangup()
    expect(call.warnings).toEqual([`turn 1: the app's answer to the init_call callback: ${said}; callspec sends the callback as POST at actions[1].params.method (${CASE_TAG}, inferred)`])
    expect(received.find((r) => r.path === '/next')).toMatchObject({ method: 'POST' })
  })

  it('"get" redirects with GET', async () => {
    const { app, received } = redirecting('get')
    await callTo(app, { ...V, warnings: 'silent' }).expectAction('SAY').expectAction('REDIRECT').expectAction('SAY').expectHangup()
    expect(received.find((r) => r.path === '/next')).toMatchObject({ method: 'GET' })
  })

  it('fails under strict, led by the inference, not as the docs\' schema', async () => {
    const error = await failureOf(callTo(redirecting('post').app, { ...V, strict: true }).expectAction('SAY').expectAction('REDIRECT'))
    expect(error.message).toContain("callspec failed the app's answer to the init_call callback by a rule it inferred, not one Voxology documents: voxology/redirect-method-case, at error under strict: true")
    expect(error.message).toContain(`✖ ${said}\n  → at actions[1].params.method\n  → ${CASE_TAG} (${CASE_SOURCE})`)
    expect(error.message).not.toContain('voxology/action-schema')
  })

  it('no method, or "POST": no word', async () => {
    for (const method of [undefined, 'POST']) {
      const call = await callTo(redirecting(method).app, V).expectAction('SAY').expectAction('REDIRECT').expectAction('SAY').expectHangup()
      expect(call.warnings).toEqual([])
    }
  })
})

/**
 * h203: "PUT" failed the call as voxology/redirect-schema, the samples' word, though the samples
 * only ever send POST and no sample or page refuses another method: the refusal was callspec's
 * inference. It is rule voxology/redirect-method, inferred: a warning by default, the callback sent
 * as POST; strict fails it, led by the inference. A value that is no method name stays the schema's.
 */
describe('a REDIRECT method that is neither POST nor GET (voxology/redirect-method, inferred)', () => {
  const PUT_SAID =
    'REDIRECT method "PUT" is neither POST nor GET: the samples send "POST", the docs configure callbacks as POST or GET, and what Voxology does with another method is callspec\'s inference'

  it('"PUT" warns by default, naming the rule, and the callback goes as POST', async () => {
    const { app, received } = redirecting('PUT')
    const call = await callTo(app, { ...V, warnings: 'silent' }).expectAction('SAY').expectAction('REDIRECT').expectAction('SAY').expectHangup()
    expect(call.warnings).toEqual([`turn 1: the app's answer to the init_call callback: ${PUT_SAID}; callspec sends the callback as POST (every sample's method) at actions[1].params.method (rule voxology/redirect-method, inferred)`])
    expect(received.find((r) => r.path === '/next')).toMatchObject({ method: 'POST' })
  })

  it('fails under strict, led by the inference, not as the samples\' word', async () => {
    const error = await failureOf(callTo(redirecting('PUT').app, { ...V, strict: true }).expectAction('SAY').expectAction('REDIRECT'))
    expect(error.message).toContain("callspec failed the app's answer to the init_call callback by a rule it inferred, not one Voxology documents: voxology/redirect-method, at error under strict: true")
    expect(error.message).toContain(`✖ ${PUT_SAID}\n  → at actions[1].params.method\n  → rule voxology/redirect-method (inferred: Voxology's samples send REDIRECT method POST, the docs configure callbacks as POST or GET, and no page lists the methods a REDIRECT takes or says one is refused)`)
    expect(error.message).not.toContain('voxology/redirect-schema')
  })

  it('validate() says the same: inferred, a warning', () => {
    expect(validate('voxology', 'action', { type: 'REDIRECT', params: { url: 'https://ivr.example.com/next', method: 'PUT' } })).toMatchObject({
      ok: true,
      issues: [{ path: 'params.method', rule: 'voxology/redirect-method', evidence: 'inferred', level: 'warn' }],
    })
  })

  it('a method that is no method name ("P0ST") still fails, citing the tutorials', async () => {
    const error = await failureOf(callTo(redirecting('P0ST').app, V).expectAction('SAY').expectAction('REDIRECT'))
    expect(error.message).toContain(
      `✖ Invalid option: expected an HTTP method, POST or GET (received "P0ST")\n  → at actions[1].params.method\n  → rule voxology/redirect-schema (${SAMPLE_SOURCE})\n`,
    )
    expect(error.message).not.toContain('voxology/action-schema')
  })
})
