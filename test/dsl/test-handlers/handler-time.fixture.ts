import type { IncomingMessage, ServerResponse } from 'node:http'
import { expect, it, onTestFinished, vi } from 'vitest'
import { callTo } from '../../../src/index.js'

// Taken before any call puts the app's timers on the call's clock: real time, as a slow lookup's.
const realSetTimeout = globalThis.setTimeout
vi.setConfig({ hookTimeout: 3_000, testTimeout: 1_000 })

/** Answers ACCEPTED with ANSWER, and ANSWERED with HANGUP after 0.5 s of real time. */
function slowToHangUp(req: IncomingMessage, res: ServerResponse): void {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    const answer = (action: object) => res.setHeader('content-type', 'application/json').end(JSON.stringify(action))
    const { event } = JSON.parse(body) as { event: string }
    if (event === 'ACCEPTED') return answer({ action: 'ANSWER' })
    if (event === 'ANSWERED') return void realSetTimeout(() => answer({ action: 'HANGUP' }), 500)
    res.end()
  })
}

it('loads the driver', async () => {
  await callTo(slowToHangUp, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()
}, 10_000)

const outcomes: string[] = []
it('registers a handler that makes a call, then works 0.8 s', async () => {
  onTestFinished(async () => {
    const call = callTo(slowToHangUp, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()
    outcomes.push(await call.then(() => 'passed', (error: unknown) => (error as Error).message))
  })
  await new Promise((resolve) => realSetTimeout(resolve, 800))
})

it("the handler's call had the handler's time", () => {
  expect(outcomes).toEqual(['passed'])
})
