/**
 * A newcomer's async EnableX handler that acts through the REST API and returns without answering
 * the event at all (no res.sendStatus(200)): callspec sees the app hold its answer to incomingcall
 * with nothing pending while `connected` is due. The failure said only "If the app waits for
 * connected before answering incomingcall, …", which is not what this app does (helper-180); it
 * now names the other cause too, and the calls that answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

const AUTH = `Basic ${Buffer.from('my-app-id:my-app-key').toString('base64')}`
const enablex = (method: string, path: string) => fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: AUTH } })

/** Accepts the call and returns: the event is never answered. */
function forgetfulApp() {
  return (req: IncomingMessage, _res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', async () => {
      const { voice_id: id, state } = JSON.parse(body) as { voice_id: string; state?: string }
      if (state === 'incomingcall') await enablex('PUT', `/call/${id}/accept`)
    })
  }
}

describe('an EnableX handler that never answers the event', () => {
  it('says to answer it, with the calls that do', async () => {
    const failure = await failureOf(callTo(forgetfulApp(), { platform: 'enablex' }).expectAction('accept').hangUp())
    expect(failure.message.split('\n')[0]).toContain(
      'If the app waits for connected before answering incomingcall, answer incomingcall first and act after. ' +
        'If no branch of its handler answers incomingcall at all (an async handler that acts, then returns), answer it: res.end(), res.json(), res.sendStatus(200).',
    )
  })
})
