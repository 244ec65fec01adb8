import { createHook } from 'node:async_hooks'
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/**
 * undici waits a turn of the event loop before it reuses a keep-alive connection (its idle-socket
 * check, scheduleIdleSocketValidation): an in-memory connection has nothing to wait for, and
 * callspec skips it (src/transport/undici.ts skipIdleSocketCheck). When an undici upgrade renames
 * the check's state, this test says so: calls still work, only a turn a webhook slower.
 */
const app = webexApp((event) => (res: ServerResponse) => {
  res.setHeader('content-type', 'application/json')
  if (event.event === 'ACCEPTED') return void res.end(JSON.stringify({ action: 'ANSWER' }))
  if (event.event === 'ANSWERED') return void res.end(JSON.stringify({ action: 'PLAY', audio: [tts('Hello.')] }))
  if (event.event === 'PLAYED') return void res.end(JSON.stringify({ action: 'HANGUP' }))
  res.end()
})

/** The immediates undici's idle-socket check schedules while `run` runs. */
async function idleChecksDuring(run: () => PromiseLike<unknown>): Promise<number> {
  let checks = 0
  const limit = Error.stackTraceLimit
  const hook = createHook({
    init(_id, type) {
      if (type !== 'Immediate') return
      Error.stackTraceLimit = 20
      if (new Error().stack?.includes('scheduleIdleSocketValidation')) checks++
      Error.stackTraceLimit = limit
    },
  })
  hook.enable()
  try {
    await run()
  } finally {
    hook.disable()
  }
  return checks
}

describe("undici's idle-socket check, over in-memory connections", () => {
  it('is skipped: four webhooks on one connection, no turn of the event loop waited before any', async () => {
    const flow = () => callTo(app, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    await flow()
    expect(await idleChecksDuring(flow)).toBe(0)
  })

  it("is still undici's over TCP (transport: 'tcp'), where it guards a real socket", async () => {
    const flow = () => callTo(app, { platform: 'webex-connect', seed: 1, transport: 'tcp' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(await idleChecksDuring(flow)).toBeGreaterThan(0)
  })
})
