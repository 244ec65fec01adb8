import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../../examples/enablex-ivr/app.js'
import { createReminderApp, exampleConfig as reminderConfig, sampleAppointments } from '../../examples/8x8-appointment-reminder/app.js'
import { createIvrApp as createWebexApp, exampleConfig as webexConfig } from '../../examples/webex-connect-pin-ivr/app.js'

/**
 * Ordering comes from what the app is still doing (its requests in flight, its pending work), not
 * from real-time windows: the same flow prints the same transcript, byte for byte, with the vendor
 * hosts intercepted and with the loopback fake (startPlatform), run after run, while another
 * thread keeps a core busy.
 */
const RUNS = Number(process.env.H3_RUNS ?? 20)
const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }
const AGENT = '+14155550142'

type Server = Awaited<ReturnType<typeof startPlatform>>
/** One API mode: the EnableX app configured for it, and the loopback servers (none: intercepted). */
type Mode = { api?: Server; app: ReturnType<typeof createIvrApp>; eightByEight?: Server; webex?: Server }

const callBack = (to: string) => (app: { fetch: (path: string, init: object) => Promise<unknown> }) => app.fetch('/callbacks', { method: 'POST', body: { to } })

/** The example flows of examples/enablex-ivr (inbound and the outbound call-back), by name. */
const FLOWS: Record<string, (m: Mode, seed: number) => PromiseLike<{ print(): string }>> = {
  agent: (m, seed) => menu(m, seed).pressDigits('2').expectAction('connect').expectAction('recording').staySilent(60_000).hangUp(),
  billing: (m, seed) => menu(m, seed).pressDigits('1').expectAction('play', { prompt_ref: 'billing' }).expectAction('hangup').expectHangup(),
  speech: (m, seed) => menu(m, seed).say('I need to talk to an agent').expectAction('connect').expectAction('recording'),
  timeouts: (m, seed) =>
    menu(m, seed).staySilent().expectAction('play').staySilent().expectAction('play').staySilent().expectAction('play', { prompt_ref: 'bye' }).expectAction('hangup'),
  busy: (m, seed) => menu(m, seed).withParty(AGENT, 'busy').pressDigits('2').expectAction('connect').expectAction('play').expectAction('hangup'),
  agentHangsUp: (m, seed) =>
    menu(m, seed).withParty(AGENT, { answers: true, hangsUpAfterMs: 30_000 }).pressDigits('2').expectAction('connect').expectAction('recording').expectAction('play').expectAction('hangup'),
  playThenHangUp: (m, seed) => menu(m, seed).hangUp(),
  callBack: (m, seed) =>
    callTo(m.app, { platform: 'enablex', vendor: credentials, seed, api: m.api })
      .startedBy(callBack(`1415555${String(seed).padStart(4, '0')}`))
      .expectAction('make-call')
      .pressDigits('2')
      .expectAction('connect')
      .expectAction('recording'),
  // The outbound starts of the other REST-started platforms: a make-call request, then webhooks.
  eightByEightReminder: (m, seed) =>
    callTo(createReminderApp(reminderConfig(m.eightByEight?.url), sampleAppointments()), {
      platform: '8x8',
      vendor: { subAccountId: 'citydental_voice', apiKey: 'key_test_citydental' },
      seed,
      api: m.eightByEight,
    })
      .startedBy((app) => app.fetch('/reminders/apt-1', { method: 'POST' }))
      .expectAction('makeCall')
      .expectAction('playFile')
      .expectAction('sayAndCapture')
      .pressDigits('1')
      .expectAction('say')
      .expectAction('hangup'),
  webexReminder: (m, seed) =>
    callTo(createWebexApp(webexConfig(m.webex?.url)), { platform: 'webex-connect', seed, api: m.webex })
      .startedBy((ctx) => ctx.fetch('/reminders', { method: 'POST', body: { to: '+14155550171' } }))
      .toNumber('+14155550171')
      .expectAction('PLAY')
      .pressDigits('1')
      .expectAction('PLAY', { audio: [{ text: /confirmed/ }] })
      .expectHangup(),
  callBackBusy: (m, seed) =>
    callTo(m.app, { platform: 'enablex', vendor: credentials, seed, api: m.api }).startedBy(callBack(`1415556${String(seed).padStart(4, '0')}`)).answeredBy('busy').expectAction('make-call').expectHangup(),
}

function menu(m: Mode, seed: number) {
  return callTo(m.app, { platform: 'enablex', vendor: credentials, seed, api: m.api })
    .fromCaller('+14155550100')
    .expectAction('accept')
    .expectAction('play', { dtmf: true, prompt_ref: 'menu' })
}

/** Burns a core while the calls run: real-time windows would stretch, turn counts would not. */
const BURNER = `const { parentPort } = require('node:worker_threads'); let stop = false; parentPort.on('message', () => { stop = true }); (function spin() { const end = Date.now() + 50; while (Date.now() < end) {} if (!stop) setTimeout(spin, 50) })()`

describe('deterministic ordering, intercepted and loopback, under load', () => {
  let burner: Worker
  let loopback: Mode
  const intercepted: Mode = { app: createIvrApp(exampleConfig()) }
  beforeAll(async () => {
    burner = new Worker(BURNER, { eval: true })
    const api = await startPlatform('enablex')
    loopback = { api, app: createIvrApp(exampleConfig(api.url)), eightByEight: await startPlatform('8x8'), webex: await startPlatform('webex-connect') }
  })
  afterAll(async () => {
    burner.postMessage('stop')
    await burner.terminate()
    await Promise.all([loopback.api?.close(), loopback.eightByEight?.close(), loopback.webex?.close()])
  })

  let compared = 0
  afterAll(() => {
    console.log(`[determinism] ${compared} transcripts compared (${Object.keys(FLOWS).length} flows × ${RUNS} runs × 2 modes), all identical`)
  })

  for (const [name, flow] of Object.entries(FLOWS)) {
    it(`${name}: the same print() in ${RUNS} runs, intercepted and loopback`, { timeout: 120_000 }, async () => {
      const seed = 1000 + Object.keys(FLOWS).indexOf(name)
      const reference = (await flow(intercepted, seed)).print()
      for (let run = 0; run < RUNS; run++) {
        for (const mode of [intercepted, loopback]) {
          const printed = (await flow(mode, seed)).print()
          expect(printed, `${name}, run ${run + 1}, ${mode === loopback ? 'loopback' : 'intercepted'}`).toBe(reference)
          compared++
        }
      }
    })
  }
})
