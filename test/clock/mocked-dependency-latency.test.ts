import { get } from 'node:https'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

/**
 * A CRM the test mocks with nock and a real delay, looked up under the app's own 1 s guard, on
 * the platforms whose app answers webhooks (no vendor API to intercept). In production a 100 ms
 * CRM always beats a 1 s timeout; before, callspec counted the app's requests only on EnableX,
 * moved the call's clock past the lookup in flight and fired the guard first (audit-80: the
 * caller heard the fallback greeting, every run).
 */
const CRM = 'https://crm.acme.test'

afterEach(() => {
  nock.cleanAll()
})

/** fetch under AbortSignal.timeout(1000), as an app guards a slow dependency. */
async function greetingByFetch(): Promise<string> {
  try {
    const response = await fetch(`${CRM}/customers/14155550100`, { signal: AbortSignal.timeout(1_000) })
    return `Welcome back, ${((await response.json()) as { name: string }).name}.`
  } catch {
    return 'Welcome, caller.'
  }
}

/** https.get raced against a node:timers/promises sleep of 1 s. */
async function greetingByHttpsGet(): Promise<string> {
  const lookup = new Promise<string>((resolve, reject) => {
    get(`${CRM}/customers/14155550100`, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk))
      response.on('end', () => resolve(`Welcome back, ${(JSON.parse(body) as { name: string }).name}.`))
    }).on('error', reject)
  })
  return Promise.race([lookup, sleep(1_000).then(() => 'Welcome, caller.')]).catch(() => 'Welcome, caller.')
}

/** A JSON webhook app: `answer` gets the parsed body and returns the JSON to send. */
function jsonApp(answer: (body: Record<string, any>, path: string) => Promise<unknown>): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    let text = ''
    req.on('data', (chunk: Buffer) => (text += chunk))
    req.on('end', () => {
      void answer(text ? (JSON.parse(text) as Record<string, any>) : {}, req.url ?? '/').then((json) => {
        res.setHeader('content-type', 'application/json')
        res.end(json === undefined ? '' : JSON.stringify(json))
      })
    })
  }
}

const webexApp = (greeting: () => Promise<string>) =>
  jsonApp(async (body) => {
    if (body.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (body.event === 'ANSWERED') return { action: 'PLAY', audio: [{ type: 'TTS', text: await greeting() }] }
    return { action: 'HANGUP' }
  })

describe("a dependency the test mocks with a delay holds the call's clock on every platform", () => {
  it('Webex Connect: fetch under AbortSignal.timeout(1000), nock delaying 100 ms', async () => {
    nock(CRM).get('/customers/14155550100').delay(100).reply(200, { name: 'Ada' })
    const call = await callTo(webexApp(greetingByFetch), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').staySilent(1_000)
    expect(call).toHavePlayed('Welcome back, Ada.')
    expect(call.print()).not.toContain('its answer to ANSWERED')
  })

  it('Webex Connect: https.get raced against a 1 s sleep, nock delaying 300 ms', async () => {
    nock(CRM).get('/customers/14155550100').delay(300).reply(200, { name: 'Ada' })
    const call = await callTo(webexApp(greetingByHttpsGet), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').staySilent(1_000)
    expect(call).toHavePlayed('Welcome back, Ada.')
  })

  it('8x8: the callflow waits on the lookup', async () => {
    nock(CRM).get('/customers/14155550100').delay(100).reply(200, { name: 'Ada' })
    const app = jsonApp(async (body, path) => {
      if (!path.includes('vca')) return undefined
      if (body.payload?.callStatus === 'CALL_RECEIVED') return { callflow: [{ action: 'say', params: { text: await greetingByFetch(), voiceProfile: 'en-US-ZiraRUS' } }, { action: 'hangup' }] }
      return { callflow: [{ action: 'hangup' }] }
    })
    const call = await callTo(app, { platform: '8x8' }).expectAction('say').expectAction('hangup')
    expect(call).toHavePlayed('Welcome back, Ada.')
  })

  it('the guard still wins where the mock is slower than it (the delay on the call clock, in the mock)', async () => {
    // A mock whose latency is virtual (a timers/promises sleep in the app's process) is the way to
    // test the timeout path; nock's .delay() is real time, which callspec waits for.
    nock(CRM).get('/customers/14155550100').delay(100).reply(200, { name: 'Ada' })
    const slow = async () => {
      await sleep(1_500)
      return greetingByFetch()
    }
    const guarded = () => Promise.race([slow(), sleep(1_000).then(() => 'Welcome, caller.')])
    const call = await callTo(webexApp(guarded), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY')
    expect(call.print()).toContain('1.2s    · app timer 1 s → its answer to ANSWERED\n             2 ← PLAY               TTS "Welcome, caller."')
  })
})
