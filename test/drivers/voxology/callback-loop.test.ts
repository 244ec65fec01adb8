import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { CallbackRequestSchema } from '../../../drivers/voxology/index.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }

describe('the callback request (§2.1)', () => {
  it('has the documented shape, with location fields for both numbers', async () => {
    const { app, received } = scriptApp({ '/voxology': serve([hangup]) })
    await callTo(app, { platform: 'voxology', webhookPath: '/voxology', vendor: { appId: 'app-1', customData: { campaign: 'spring' } } })
      .fromCaller('+19495551212')
      .toNumber('+17145551212')
      .expectHangup()

    const [first, final] = received.map((r) => r.body)
    expect(CallbackRequestSchema.safeParse(first).success).toBe(true)
    expect(first).toEqual({
      type: 'init_call',
      app_id: 'app-1',
      subaccount_id: '0',
      call_id: expect.any(String),
      start_time: expect.stringMatching(/^2026-03-02T\d\d:\d\d:\d\d\.000Z$/),
      direction: 'inbound',
      duration: 0,
      status: 'live-in-progress',
      detection: 'live_person',
      caller_no: '+19495551212',
      caller_no_city: 'Newport Beach',
      caller_no_region: 'CA',
      caller_no_country: 'US',
      caller_no_timezone: 'America/Los_Angeles',
      api_no: '+17145551212',
      api_no_city: 'Anaheim',
      api_no_region: 'CA',
      api_no_country: 'US',
      api_no_timezone: 'America/Los_Angeles',
      key_presses: [],
      recordings: [],
      custom_data: { campaign: 'spring' },
      session_data: null,
      sip_domain: expect.stringMatching(/^\d{4}-\d{5}\.accounts\.sip\.voxolo\.gy$/),
    })
    expect(CallbackRequestSchema.safeParse(final).success).toBe(true)
    expect(final).toMatchObject({ type: 'call_end', call_id: first!.call_id, status: 'completed', end_time: first!.start_time, duration: 0 })
    expect(received.map((r) => r.contentType)).toEqual(['application/json', 'application/json'])
  })

  it('takes location data for other numbers from vendor.numberInfo', async () => {
    const { app, received } = scriptApp({ '/': serve([hangup]) })
    await callTo(app, { platform: 'voxology', vendor: { numberInfo: { '+442079460000': { city: 'London', country: 'GB', timezone: 'Europe/London' } } } })
      .fromCaller('+442079460000')
      .expectHangup()
    expect(received[0]!.body).toMatchObject({ caller_no_city: 'London', caller_no_country: 'GB', caller_no_timezone: 'Europe/London' })
    expect(received[0]!.body).not.toHaveProperty('caller_no_region')
  })

  it('goes by GET with query parameters when configured so, objects as JSON', async () => {
    const { app, received } = scriptApp({ '/cb': serve([{ type: 'COLLECT', name: 'n', params: { num_digits: 1 } }, { type: 'SESSIONDATA', session_data: { a: 1 } }]) })
    await callTo(app, { platform: 'voxology', webhookPath: '/cb?tenant=acme', vendor: { callbackMethod: 'GET' } })
      .expectAction('COLLECT')
      .pressDigits('7')
      .hangUp()

    expect(received.map((r) => [r.method, r.body.type])).toEqual([
      ['GET', 'init_call'],
      ['GET', 'script_end'],
      ['GET', 'call_end'],
    ])
    // The configured URL keeps its own query; the callback's fields are added to it.
    expect(received[0]!.body).toMatchObject({ tenant: 'acme', duration: '0', key_presses: '[]', session_data: 'null' })
    expect(JSON.parse(received[1]!.body.key_presses)).toEqual([{ name: 'n', digits: '7' }])
    expect(JSON.parse(received[1]!.body.session_data)).toEqual({ a: 1 })
  })
})

describe('the loop (§5)', () => {
  it('a script that runs out without HANGUP or REDIRECT asks the configured URL again', async () => {
    let round = 0
    const { app, received } = scriptApp({
      '/': (cb) => {
        if (cb.type === 'call_end') return undefined
        round += 1
        return round === 1 ? { actions: [{ type: 'COLLECT', name: 'first', params: { num_digits: 1 } }] } : { actions: [say('Round two, you pressed ${keyPresses}.'), hangup] }
      },
    })
    const call = await callTo(app, { platform: 'voxology' }).expectAction('COLLECT').pressDigits('4').expectAction('SAY').expectHangup()

    expect(call.events).toEqual(['init_call', 'script_end', 'call_end'])
    // $keyPresses lives on across callbacks; key_presses lists what was collected since the last one.
    expect(call).toHavePlayed('Round two, you pressed 4.')
    expect(received.map((r) => r.body.key_presses)).toEqual([[], [{ name: 'first', digits: '4' }], []])
  })

  it('REDIRECT sends the call state to the new URL (POST by default, GET if asked), query kept', async () => {
    const { app, received } = scriptApp({
      '/': serve([{ type: 'SESSIONDATA', session_data: { step: 1 } }, { type: 'REDIRECT', params: { url: 'https://app.example.com/two?lang=en' } }]),
      '/two': serve([{ type: 'REDIRECT', params: { url: 'https://app.example.com/three', method: 'GET' } }]),
      '/three': serve([hangup]),
    })
    const call = await callTo(app, { platform: 'voxology' }).expectAction('REDIRECT').expectAction('REDIRECT').expectHangup()

    expect(received.map((r) => `${r.method} ${r.path} ${r.body.type}`)).toEqual(['POST / init_call', 'POST /two redirect', 'GET /three redirect', 'POST / call_end'])
    expect(call.transcript.entries.filter((e) => e.kind === 'event').map((e) => (e as { request: { url: string } }).request.url.replace(/^http:\/\/[^/]+/, '').replace(/&.*$/, ''))).toEqual([
      '/',
      '/two?lang=en',
      '/three?type=redirect',
      '/',
    ])
    expect(received[2]!.body.session_data).toBe('{"step":1}')
  })

  it('does not run an answer to the final callback, and says so', async () => {
    const { app } = scriptApp({ '/': () => ({ actions: [hangup] }) })
    const call = await callTo(app, { platform: 'voxology' }).expectHangup()
    expect(call.print()).toContain('the app answered the call_end callback with 1 action(s): not run, the call is over (this callback expects no body)')
  })

  it('delivers a REDIRECT already sent when the caller hangs up, without running its answer', async () => {
    const { app, received } = scriptApp({ '/': serve([{ type: 'REDIRECT', params: { url: 'https://app.example.com/next' } }]), '/next': serve([say('too late')]) })
    const call = await callTo(app, { platform: 'voxology' }).expectAction('REDIRECT').hangUp()
    expect(received.map((r) => r.body.type)).toEqual(['init_call', 'redirect', 'call_end'])
    expect(call).not.toHaveAction('SAY')
    expect(call.print()).toContain('the app answered the redirect callback with 1 action(s): not run')
  })

  it('stops an app that answers with empty scripts for ever', async () => {
    const { app } = scriptApp({ '/': () => ({ actions: [] }) })
    await expect(callTo(app, { platform: 'voxology' }).expectAction('SAY')).rejects.toThrow(
      /the app answered 20 callbacks in a row with scripts that played nothing and waited for nothing \(BEHAVIOUR.maxCallbacksWithoutProgress\)/,
    )
  })

  it('replays the same transcript for the same seed', async () => {
    const { app } = scriptApp({ '/': serve([{ type: 'COLLECT', name: 'a', actions: [say('Pick')], params: { num_digits: 2 } }, { type: 'RECORD', name: 'r' }, hangup]) })
    const once = () => callTo(app, { platform: 'voxology', seed: 7 }).expectAction('COLLECT').pressDigits('12').expectAction('RECORD').pressDigits('#').expectHangup()
    const [a, b] = [await once(), await once()]
    expect(a.print()).toBe(b.print())
    expect(a.transcript.entries.map((e) => (e.kind === 'event' ? e.request.body : ''))).toEqual(b.transcript.entries.map((e) => (e.kind === 'event' ? e.request.body : '')))
  })
})

describe('bad answers fail the call with what came back', () => {
  const failWith = (answer: (cb: Record<string, any>) => unknown) => callTo(scriptApp({ '/': answer }).app, { platform: 'voxology' }).expectAction('SAY')

  it('an invalid script lists every problem with its path, and the exchange', async () => {
    await expect(failWith(() => ({ actions: [{ type: 7, params: { text: 'x' } }, { type: 'GOTO', params: { label: 'NOWHERE' } }] }))).rejects.toThrow(
      /the app's answer to the init_call callback is not a valid Voxology script:\n✖ action type must be a string, got 7\n {2}→ at actions\[0\]\.type\n {2}→ rule voxology\/script-shape \(Voxology docs: Call Flow Loop, response document \{"actions": \[\.\.\.\]\}\)\nRequest sent: POST http:\/\/app\.callspec\.local\/\n\{"type":"init_call"[\s\S]*Response received: HTTP 200 \(application\/json; charset=utf-8\)\n\{"actions":\[\{"type":7/,
    )
    // A GOTO to no LABEL is inferred (a warning by default): under strict it fails, with the same list.
    await expect(callTo(scriptApp({ '/': () => ({ actions: [{ type: 'GOTO', params: { label: 'NOWHERE' } }] }) }).app, { platform: 'voxology', strict: true }).expectAction('SAY')).rejects.toThrow(
      /✖ GOTO "NOWHERE": no LABEL named "NOWHERE" in this script \(the script has no LABEL\): the script ends at this GOTO\n {2}→ at actions\[0\]\.params\.label\n {2}→ rule voxology\/goto-targets \(inferred: /,
    )
    await expect(failWith(() => ({ actions: [{ params: { text: 'hi' } }] }))).rejects.toThrow(/✖ action has no type \(one of SAY, .*\)\n {2}→ at actions\[0\]\.type/)
  })

  it('malformed JSON, HTML, an empty body and an error status', async () => {
    await expect(failWith(() => '{"actions": [')).rejects.toThrow(/the app answered the init_call callback with a body that is not valid JSON \(.*\); the platform expects a JSON script \{"actions": \[\.\.\.\]\}/)
    await expect(failWith(() => '<html><body>Cannot POST /</body></html>')).rejects.toThrow(/the app answered the init_call callback with HTML\/XML, not JSON/)
    // An empty answer (the helper's 204) is no script: rule voxology/empty-callback-answer, inferred (callback-answers.test.ts).
    await expect(callTo(scriptApp({ '/': () => undefined }).app, { platform: 'voxology', strict: true }).expectAction('SAY')).rejects.toThrow(
      /the app answered the init_call callback with HTTP 204 \(no body\); the platform expects a JSON script \{"actions": \[\.\.\.\]\} \(only the final callback is documented to take no body\)/,
    )
    const app = scriptApp({}).app
    await expect(callTo(app, { platform: 'voxology' }).expectAction('SAY')).rejects.toThrow(
      /the app answered the init_call callback with HTTP 404: no route \/\nHint: is `webhookPath` right\? [^\n]*\nThe platform expects a 2xx with a JSON script \{"actions": \[\.\.\.\]\}\. The docs do not say what Voxology does with an answer it cannot read a script from: callspec's inference is that the call ends, so the call fails here \(rule voxology\/callback-answer\)\.\nRule voxology\/callback-answer: Voxology docs: Call Flow Loop, "Response: HTTP 200 with application\/json body \{"actions": \[\.\.\.\]\}"; what Voxology does with another answer is callspec's inference\.\nRequest sent:/,
    )
  })

  it('a script error found later names the turn, the step and the callback', async () => {
    const { app } = scriptApp({
      '/': serve([{ type: 'REDIRECT', params: { url: 'https://app.example.com/next' } }]),
      '/next': () => ({ actions: [{ type: 'IF', condition: "$keyPresses == '1'", then: [], orElse: [{ type: 'COLLECT', params: { finish_on_key: 'pound' }, actions: [{ type: 'SAY', params: { text: 7 } }] }] }] }),
    })
    await expect(callTo(app, { platform: 'voxology' }).expectAction('REDIRECT').expectAction('COLLECT')).rejects.toThrow(
      /^\[callspec\] turn 2, expectAction\('COLLECT'\): the app's answer to the redirect callback is not a valid Voxology script:\n✖ Invalid input: expected string, received number 7\n {2}→ at actions\[0\]\.orElse\[0\]\.actions\[0\]\.params\.text/,
    )
  })
})
