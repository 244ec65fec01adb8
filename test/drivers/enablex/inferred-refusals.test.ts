/**
 * A rule callspec inferred never fails a call as if EnableX had documented it. By default
 * it warns; under strict (or the rule set to 'error') the failure leads with callspec's inference,
 * names the rule and how to relax it, and never opens "is not a valid EnableX request" or
 * "EnableX answered … with an error". Before: a REST route other than make-call refused by an
 * inferred rule said "the app's play request (PUT …) is not a valid EnableX request", and a state
 * error callspec made up (enablex/undocumented-errors) "EnableX answered the app's PUT … with an
 * error: HTTP 409 …", at warn and at error alike. End to end, over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp, tts, type Rest } from './apps.js'

/** Accepts, then sends `request` once connected. */
const onConnected = (request: (id: string, api: Rest) => Promise<unknown>) =>
  enablexApp(async (event, api) => {
    if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accept`)
    if (event.state === 'connected') await request(event.voice_id, api)
  })

/** The headline of a failure: its first line, the step prefix left out. */
const headline = (message: string) => message.split('\n')[0]!.replace(/^\[callspec\] (turn \d+, )?[^:]+: /, '')
const relax = (rule: string) => `(rules: { '${rule}': 'warn' } warns instead, 'off' ignores it)`
const INFERRED_ANSWER = "(the refusal and this answer are callspec's inference: EnableX documents neither)"

describe('a request body refused under strict by an inferred rule, on a call route', () => {
  it('a play with a key the docs do not name: led by the inference, not "is not a valid EnableX request"', async () => {
    const app = onConnected((id, api) => api.call('PUT', `/call/${id}/play`, { ...tts('Hi.'), colour: 'blue' }))
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('play'))
    const id = app.seen[0]!.voice_id
    expect(headline(error.message)).toBe(
      `callspec refused the app's play request (PUT /voice/v1/call/${id}/play) by a rule it inferred, not one EnableX documents: enablex/unknown-keys, at error under strict: true ${relax('enablex/unknown-keys')}:`,
    )
    expect(error.message).toContain(`\nAnswer: HTTP 400 {"voice_id":"${id}",`)
    expect(error.message).toContain(`"msg":"Invalid parameter: colour",`)
    expect(error.message).toContain(`} ${INFERRED_ANSWER}\n`)
    expect(error.message).not.toContain('is not a valid EnableX request')
    expect(error.message).not.toContain("the msg is callspec's wording")
  })

  it('a connect whose from is not a number, the rule set to error (no strict): said so', async () => {
    const app = onConnected((id, api) => api.call('PUT', `/call/${id}/connect`, { from: 'reception', to: '14155550142' }))
    const error = await failureOf(callTo(app, { platform: 'enablex', rules: { 'enablex/phone-number': 'error' } }).expectAction('accept').expectAction('connect'))
    expect(headline(error.message)).toMatch(
      new RegExp(`^callspec refused the app's connect request \\(PUT /voice/v1/call/[^/]+/connect\\) by a rule it inferred, not one EnableX documents: enablex/phone-number, at error as rules sets it \\(rules: \\{ 'enablex/phone-number': 'warn' \\} warns instead, 'off' ignores it\\):$`),
    )
    expect(error.message).toContain(INFERRED_ANSWER)
  })

  it('a recording holding both start and stop (enablex/start-and-stop)', async () => {
    const app = onConnected((id, api) => api.call('PUT', `/call/${id}/recording`, { start: true, stop: true }))
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('recording'))
    expect(headline(error.message)).toMatch(/^callspec refused the app's recording request \(PUT \/voice\/v1\/call\/[^/]+\/recording\) by a rule it inferred, not one EnableX documents: enablex\/start-and-stop, at error under strict: true /)
  })

  it('a play sent as text/plain (enablex/json-content-type): the 415 is led by the inference too', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') {
        await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/play`, {
          method: 'PUT',
          headers: { authorization: `Basic ${Buffer.from('id:key').toString('base64')}`, 'content-type': 'text/plain' },
          body: JSON.stringify(tts('Hi.')),
        })
      }
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('play'))
    expect(headline(error.message)).toMatch(
      /^callspec refused the app's play request \(PUT \/voice\/v1\/call\/[^/]+\/play\) by a rule it inferred, not one EnableX documents: enablex\/json-content-type, at error under strict: true /,
    )
    expect(error.message).toContain('✖ came with Content-Type: text/plain, not application/json')
  })

  it('a documented rule broken still reads as EnableX refusing it (a play with no voice)', async () => {
    const app = onConnected((id, api) => api.call('PUT', `/call/${id}/play`, { text: 'Hi.' }))
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('play'))
    expect(headline(error.message)).toMatch(/^the app's play request \(PUT \/voice\/v1\/call\/[^/]+\/play\) is not a valid EnableX request:$/)
  })
})

describe('an error answer callspec made up (enablex/undocumented-errors): never said as EnableX answering it', () => {
  const acceptTwice = () => onConnected((id, api) => api.call('PUT', `/call/${id}/accept`))
  const said = `callspec answered the app's PUT /voice/v1/call/{voice_id}/accept with an error EnableX does not document: HTTP 409 "Call is already connected"`
  const tag = "(rule enablex/undocumented-errors, inferred)"

  it('warns by default, saying the answer is callspec\'s', async () => {
    const call = await callTo(acceptTwice(), { platform: 'enablex', warnings: 'silent', unconsumed: 'ignore' }).expectAction('accept')
    expect(call.warnings).toEqual([`turn 2: ${said} ${tag}`])
  })

  it('fails under strict, led by the inference', async () => {
    const error = await failureOf(callTo(acceptTwice(), { platform: 'enablex', strict: true }).expectAction('accept').staySilent(1_000))
    expect(headline(error.message)).toBe(
      `callspec failed the call by a rule it inferred, not one EnableX documents: enablex/undocumented-errors, at error under strict: true ${relax('enablex/undocumented-errors')}: ${said} ${tag}`,
    )
    expect(error.message.split('\n')[1]).toBe("Rule enablex/undocumented-errors, inferred: EnableX documents no error for this request in this state; the status and msg are callspec's.")
    expect(error.message).not.toContain('EnableX answered')
  })
})

describe('a play before the accept (enablex/accept-first) under strict', () => {
  it('is refused, the failure led by the inference, then why and how to choose the older model', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/play`, tts('Hi.'))
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('play'))
    const first = headline(error.message)
    expect(first).toMatch(
      new RegExp(
        `^callspec refused the app's PUT /voice/v1/call/\\{voice_id\\}/play by a rule it inferred, not one EnableX documents: enablex/accept-first, at error under strict: true \\(rules: \\{ 'enablex/accept-first': 'warn' \\} warns instead, 'off' ignores it\\): ` +
          `it came before any accept of the incoming call, as EnableX's older docs have it \\(the platform accepts an inbound call itself\\)`,
      ),
    )
    expect(first).toContain('answered HTTP 409 "Call is not connected" (callspec\'s answer: neither version documents one)')
    expect(first).toContain('Choose the older model with vendor: { autoAccept: true }, or accept the call first')
  })
})

describe('a make-call refused under strict by an inferred rule', () => {
  it('names the rule and how to relax it, then the answer, said as callspec\'s', async () => {
    const app = enablexApp(() => undefined)
    const trigger = () => app.rest.call('POST', '/call', { from: '14155550199', to: '14155550100', action_on_connect: { play: tts('Hi.'), connect: { from: '14155550199', to: '14155550142' } }, event_url: 'https://app.example/event' })
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).startedBy(trigger).expectAction('make-call'))
    expect(headline(error.message)).toMatch(
      /^callspec refused the app's make-call request by a rule it inferred, not one EnableX documents: enablex\/one-action-on-connect, at error under strict: true \(rules: \{ 'enablex\/one-action-on-connect': 'warn' \} warns instead, 'off' ignores it\): HTTP 400 \{"result":400,"msg":"Invalid parameter: action_on_connect \(.*\)","state":"failed","timestamp":"[^"]+"\} \(the refusal and this answer are callspec's inference: EnableX documents neither\)$/,
    )
  })
})
