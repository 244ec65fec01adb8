/**
 * The caller hangs up while the app holds its answer to their key on a CRM lookup in another
 * process, and the lookup outlasts callspec's wait for that answer. In production the caller hung
 * up 1 s after the key: DROPPED reached the app then, and whatever the app answers later finds no
 * call. The call passed or failed on the hang-up alone; an answer callspec stopped waiting for after
 * the call ended is noted, not a failure. Measured before (audit h154 G9): a 7 s lookup failed
 * `turn 4, end of call: no answer to COLLECTED_DIGITS … the app had not answered by then`, listed
 * the lookup in flight, then hinted "nothing of the app's was pending … (no timer, no request of
 * its in flight …)"; a 3 s lookup passed with a "too late" note.
 */
import { describe, expect, it } from 'vitest'
import type { ServerResponse } from 'node:http'
import { callTo } from '../../src/index.js'
import type { TranscriptEntry } from '../../src/session/types.js'
import { serviceProcess } from '../helpers/service-process.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'
import { expectHungUpSecondAfterKey, hangsUpSecondAfterKey } from '../helpers/second-key-flow.js'

const notes = (entries: readonly TranscriptEntry[]) => entries.flatMap((e) => (e.kind === 'note' ? [e.text] : []))

/** A Webex Connect menu whose answer to the caller's key waits on `lookup()` (a CRM in another process). */
const menuWithLookup = (lookup: () => Promise<unknown>) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Press 1 for your balance.')], collectInput: { maxDigits: 1 } }
    if (event.event !== 'COLLECTED_DIGITS') return undefined
    return (res: ServerResponse) => void lookup().then(() => sendAction(res, { action: 'PLAY', audio: [tts('Your balance is 5.')] }))
  })

describe('an answer held at the caller\'s hang-up that never comes within callspec\'s wait', () => {
  // Answers /<ms> after that many ms of real time.
  const crm = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('Ann'), Number(q.url.slice(1)))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)
  const lookup = (ms: number) => () => fetch(`http://127.0.0.1:${crm.port()}/${ms}`).then((r) => r.text()).catch(() => '')

  it('in process: the call passes on the hang-up, and the transcript says the answer never came, naming the lookup still in flight', async () => {
    const call = await hangsUpSecondAfterKey(callTo(menuWithLookup(lookup(8000)), { platform: 'webex-connect', seed: 1 }))
    expectHungUpSecondAfterKey(call)
    const never = notes(call.transcript.entries).find((n) => n.startsWith("the app's answer to COLLECTED_DIGITS (turn 3) never came"))
    expect(never).toMatch(/never came within callspec's wait, after the call ended \(caller hung up\): not judged, no call was left for it/)
    expect(never).toContain(`GET http://127.0.0.1:${crm.port()}/8000: no answer after`)
    expect(never).not.toContain('nothing of the app')
  }, 20_000)

  // The hint that nothing was pending is for a handler that forgot to answer, never beside a request in flight.
  it('with the call live, the answer that never came fails as before, listing the lookup in flight without saying nothing was pending', async () => {
    const call = callTo(menuWithLookup(lookup(8000)), { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('PLAY')
    const message = await call.then(
      () => 'passed',
      (error: unknown) => (error as Error).message,
    )
    expect(message).toContain('no answer to COLLECTED_DIGITS')
    expect(message).toContain(`GET http://127.0.0.1:${crm.port()}/8000: no answer after`)
    expect(message).not.toContain("nothing of the app's was pending")
  }, 20_000)
})

describe('an app by URL whose answer held at the caller\'s hang-up never comes within callspec\'s wait', () => {
  // A Webex Connect menu in another process that holds its answer to the key 8 s of real time.
  const app = serviceProcess(`
    const json = (s, a) => { s.setHeader('content-type', 'application/json'); s.end(JSON.stringify(a)) }
    require('node:http').createServer((q, s) => {
      let b = ''
      q.on('data', (c) => (b += c))
      q.on('end', () => {
        const { event } = JSON.parse(b)
        if (event === 'ACCEPTED') return json(s, { action: 'ANSWER' })
        if (event === 'ANSWERED') return json(s, { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1 for your balance.' }], collectInput: { maxDigits: 1 } })
        if (event !== 'COLLECTED_DIGITS') return s.end()
        setTimeout(() => json(s, { action: 'PLAY', audio: [{ type: 'TTS', text: 'Your balance is 5.' }] }), 8000)
      })
    }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
  `)

  it('the call passes on the hang-up, and the transcript says the answer never came', async () => {
    const call = await hangsUpSecondAfterKey(callTo(`http://127.0.0.1:${app.port()}/`, { platform: 'webex-connect', seed: 1 }))
    expectHungUpSecondAfterKey(call)
    expect(notes(call.transcript.entries)).toContainEqual(expect.stringMatching(/^the app's answer to COLLECTED_DIGITS \(turn 3\) never came within callspec's wait, after the call ended \(caller hung up\): not judged/))
  }, 20_000)
})
