import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform } from '../../src/index.js'
import { createTimersIvrApp, GOODBYE, MENU } from './app.js'

/**
 * The same app reached by URL, as a deployed server in any language would be: callspec cannot see
 * its timers, so the call's clock is paced by the wall clock instead (`time: 'real'`, or
 * `{ scale }` to run it N times faster, here with the app's own delays shortened to match).
 */
const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }
const SCALE = 10

let platform: Awaited<ReturnType<typeof startPlatform>>
let server: Server
let url: string

beforeAll(async () => {
  platform = await startPlatform('enablex')
  const app = createTimersIvrApp({
    apiBase: platform.url,
    ...credentials,
    // The app's 3 s, 2 s and 10 s, divided by the scale the calls below run at.
    delays: { accept: 3_000 / SCALE, retryPause: 2_000 / SCALE, hangupAfterGoodbye: 10_000 / SCALE },
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await platform.close()
})

const playfinished = (call: { transcript: { entries: readonly { kind: string; name?: string; at: number; summary?: string }[] } }, ref: string) =>
  call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'playfinished' && e.summary?.includes(ref))!.at
const at = (call: { actions: readonly { name: string; at: number }[] }, name: string) => call.actions.find((a) => a.name === name)!.at

describe('an EnableX app by URL, on a wall-clock-paced call', () => {
  it(`time: { scale: ${SCALE} }: the app's goodbye hang-up lands about 10 s (virtual) after the goodbye`, { timeout: 20_000 }, async () => {
    const started = performance.now()
    const call = await callTo(url, { platform: 'enablex', vendor: credentials, api: platform, time: { scale: SCALE } })
      .expectAction('accept')
      .expectAction('play', { text: MENU })
      .pressDigits('9')
      .expectAction('play', { text: GOODBYE })
      .expectAction('hangup')

    // Real time is not exact: HTTP, the app's timers and a loaded machine add real ms (× the scale).
    expect(at(call, 'accept')).toBeGreaterThanOrEqual(3_000)
    expect(at(call, 'accept')).toBeLessThan(8_000)
    const afterGoodbye = at(call, 'hangup') - playfinished(call, 'bye')
    expect(afterGoodbye).toBeGreaterThanOrEqual(10_000)
    expect(afterGoodbye).toBeLessThan(15_000)
    // Nothing the app did is unexplained: the clock kept pace with it.
    expect(call.print()).not.toContain('acted on its own')
    // About 20 s of call at ten times the wall clock.
    expect(performance.now() - started).toBeGreaterThan(call.duration / SCALE - 100)
  })

  it("time: 'real': virtual time is wall time (the app accepts 0.3 s in, and the caller hangs up)", { timeout: 20_000 }, async () => {
    const call = await callTo(url, { platform: 'enablex', vendor: credentials, api: platform, time: 'real' }).expectAction('accept').expectAction('play', { text: MENU }).hangUp()

    expect(at(call, 'accept')).toBeGreaterThanOrEqual(300)
    expect(at(call, 'accept')).toBeLessThan(2_000)
    expect(call.end).toMatchObject({ by: 'caller' })
  })
})
