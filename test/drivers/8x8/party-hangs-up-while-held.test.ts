/**
 * A dialled 8x8 party hangs up when they mean to, whatever answer the app still holds: an outbound
 * session's callee (the Send Callflow's makeCall) whose callflow runs out, while the app's VCA
 * handler awaits 3 s of its own before it answers; a bridged agent who leaves while the app's VCS
 * handler holds CALL_CONNECTED 3 s. Measured before: both hung up only once the app answered (the
 * callee at 3 s past answering, not 1 s, and the late say ran and was heard for 1 s).
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { lines } from '../../helpers/held-answer-calls.js'
import { eightByEightApp, hangup, makeCall, say } from './apps.js'

const start = (callflow: object[]) => () =>
  fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify({ callflow }),
  })

/** Writes `answer` as JSON after `ms` of the app's own time. */
const after = (ms: number, answer: object) => (res: ServerResponse) =>
  void setTimeout(() => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(answer))
  }, ms)

describe('8x8: a dialled party hangs up while the app holds an answer', () => {
  it('in process: the outbound callee hangs up 1 s after answering while the app holds the VCA 3 s; the late say is not run', async () => {
    const { listener, received } = eightByEightApp(() => after(3000, { callflow: [say('Your parcel is out for delivery.'), hangup] }))
    const call = await callTo(listener, { platform: '8x8' })
      .startedBy(start([makeCall('6512341234', '6512345678')]))
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .expectAction('makeCall')
      .staySilent(10_000)
    // The callee answers at 4 s (ringMs); the VCA goes out then, as the callflow runs out.
    expect(call.end).toMatchObject({ by: 'callee', at: 5000, reason: '+6512345678 hung up', answered: true })
    expect(call.actions.map((a) => a.name)).toEqual(['makeCall'])
    expect(call.prompts).toEqual([])
    expect(lines(call.transcript.entries)).toContain(
      "7000 · the app's answer to CALL_ACTION (turn 1) came at 7.0 s, 2.0 s after the call ended (+6512345678 hung up): too late for the call. 8x8 has no session to run a callflow on once every leg is disconnected (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    )
    // The summary went out at the hang-up, beside the open VCA.
    expect(call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'SESSION_SUMMARY')?.at).toBe(5000)
    expect(received.at(-1)!.body.payload).toMatchObject({ sessionStatus: 'COMPLETED', details: { callA: { callDuration: 1 } } })
  })

  it('in process: a bridged agent leaves 1 s after answering while the app holds its CALL_CONNECTED 3 s; the session ends then', async () => {
    const AGENT = '+6531589338'
    const { listener } = eightByEightApp(() => ({ callflow: [makeCall('+6568332048', AGENT)] }))
    const held = (req: Parameters<typeof listener>[0], res: Parameters<typeof listener>[1]) => {
      if (req.url?.startsWith('/8x8/vcs')) {
        let body = ''
        req.on('data', (c) => (body += c))
        return void req.on('end', () => void setTimeout(() => res.end(), body.includes('"CALL_CONNECTED"') ? 3000 : 0))
      }
      listener(req, res)
    }
    const call = await callTo(held, { platform: '8x8', vendor: { vcsPath: true } })
      .fromCaller('+6591178965')
      .toNumber('+6568332048')
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 1000 })
      .expectAction('makeCall')
      .staySilent(10_000)
    // The agent answers 4 s in (ringMs): CALL_CONNECTED goes out then, and is held to 7 s.
    expect(call.end).toMatchObject({ by: 'callee', at: 5000, reason: `${AGENT} hung up` })
    expect(lines(call.transcript.entries)).toContainEqual(expect.stringMatching(/^7000 · the app's answer to CALL_STATUS \(turn \d+\) came at 7\.0 s, 2\.0 s after the call ended/))
  })
})
