/**
 * EnableX's 5 s answer deadline is about a live call ("the call may terminate"): an answer the app
 * holds past it after the caller has hung up cuts no call short. Measured (helper-150 F3): the app
 * held its answer to connected 6 s, the caller hung up at 1 s, and the call failed
 * enablex/answer-in-time as if the platform had dropped a live call; held 3 s, it passed. The
 * first webhook's case (incomingcall) is in test/dsl/hang-up-while-first-answer-pending.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { restClient } from './apps.js'

/** Accepts on incomingcall; answers connected only after `ms` of its own timer (a slow lookup before the acknowledgement). */
function holdsConnected(ms: number) {
  const rest = restClient()
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const { voice_id: id, state } = JSON.parse(body) as { voice_id: string; state?: string }
      if (state === 'connected') return void setTimeout(() => res.end(), ms)
      res.end()
      if (state === 'incomingcall') void rest.call('PUT', `/call/${id}/accept`)
    })
  }
}

describe('an answer to connected held 6 s', () => {
  it('the caller gone at 1 s: no live call was left to cut short, so it is not judged; the late answer is noted', async () => {
    const call = await callTo(holdsConnected(6_000), { platform: 'enablex' }).expectAction('accept').staySilent(1_000).hangUp()
    expect(call.warnings).toEqual([])
    expect(call.print()).toMatch(/the app's answer to connected \(turn 2\) came at 6\.\d s, 5\.\d s after the call ended \(caller hung up\): too late for the call/)
  })

  it('the caller still there at 5.5 s: the documented deadline passed on a live call, the call fails', async () => {
    const error = await failureOf(callTo(holdsConnected(6_000), { platform: 'enablex' }).expectAction('accept').staySilent(5_500).hangUp())
    expect(error.message).toContain('the app answered connected 6 s (virtual) after it was sent, held back by its own timer: longer than the 5 s the vendor documents the platform waits (rule enablex/answer-in-time)')
  })
})
