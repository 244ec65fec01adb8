import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { Socket } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { callTo, startPlatform } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'

/**
 * The app's make-call request to startPlatform()'s server (in this process) whose TCP connect is
 * still pending when the call's real-time look at the app's I/O comes round: a loaded machine's
 * thread, back on the CPU after a while, runs its due timers before it polls for the connect's
 * completion. Measured (determinism.test.ts, the whole suite at load ~7): the look took the
 * pending connect for I/O with another process and moved the call's time on with the real time
 * held, and the make-call request stood at 0.2 s in loopback mode where it stands at 0.0 s
 * intercepted. Here the thread is held (a busy loop, as the host's load) just as the connect is
 * made, past the look's 50 ms: every run, not only under load.
 */
const HOLD_MS = 150

let platform: Awaited<ReturnType<typeof startPlatform>>
let held = 0
const onSocket = (message: unknown) => {
  const socket = (message as { socket: Socket }).socket
  socket.on('connectionAttempt', (_address: string, port: number) => {
    if (port !== Number(new URL(platform.url).port)) return
    held++
    const end = performance.now() + HOLD_MS
    while (performance.now() < end) {
      // The host keeps the thread busy: the connect completes in the kernel, unpolled.
    }
  })
}

beforeAll(async () => {
  platform = await startPlatform('webex-connect')
})
afterAll(async () => {
  await platform.close()
})

const reminder = (api?: typeof platform) =>
  callTo(createIvrApp(exampleConfig(api?.url)), { platform: 'webex-connect', seed: 7, api })
    .startedBy((ctx) => ctx.fetch('/reminders', { method: 'POST', body: { to: '+14155550171' } }))
    .toNumber('+14155550171')
    .expectAction('PLAY')
    .pressDigits('1')
    .expectAction('PLAY', { audio: [{ text: /confirmed/ }] })
    .expectHangup()

it("a held connect to startPlatform()'s server moves no call time: the loopback transcript is the intercepted one", { timeout: 30_000 }, async () => {
  const intercepted = (await reminder()).print()
  subscribe('net.client.socket', onSocket)
  try {
    const loopback = (await reminder(platform)).print()
    expect(held).toBeGreaterThan(0)
    expect(loopback.split('\n').slice(0, 2).join('\n')).toBe(intercepted.split('\n').slice(0, 2).join('\n'))
    expect(loopback).toBe(intercepted)
  } finally {
    unsubscribe('net.client.socket', onSocket)
  }
})
