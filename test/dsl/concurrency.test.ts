import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'

const app = createIvrApp(exampleConfig())
// warnings: 'silent' also stops the once-per-process notice that overlapping calls took turns
// (test/clock/turns-notice.test.ts asserts it): these calls overlap on purpose.
const inbound = (pin: string, seed: number) =>
  callTo(app, { platform: 'webex-connect', webhookPath: '/webex/events', seed, warnings: 'silent' })
    .fromCaller('+14155550100')
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .pressDigits(`${pin}#`)
const outbound = (to: string, seed: number) =>
  callTo(app, { platform: 'webex-connect', seed, warnings: 'silent' })
    .startedBy((ctx) => ctx.fetch('/reminders', { method: 'POST', body: { to } }))
    .toNumber(to)
    .expectAction('PLAY')
    .pressDigits('1')
    .expectAction('PLAY', { audio: [{ text: /confirmed/ }] })
    .expectHangup()

describe('calls at once', () => {
  it('run side by side, each as if alone: same transcripts as one at a time', async () => {
    const alone = [await inbound('1234', 1).expectAction('PLAY', { audio: [{ text: /Press 1/ }] }), await outbound('+14155550171', 2)]
    const together = await Promise.all([
      inbound('1234', 1).expectAction('PLAY', { audio: [{ text: /Press 1/ }] }),
      outbound('+14155550171', 2),
      ...Array.from({ length: 6 }, (_, i) => inbound('0000', 10 + i).expectAction('PLAY', { audio: [{ text: /not right/ }] })),
      ...Array.from({ length: 6 }, (_, i) => outbound(`+1415555018${i}`, 20 + i)),
    ])
    expect(together[0]!.print()).toBe(alone[0]!.print())
    // The outbound call's REST exchange is recorded too; the app's own ids differ, the simulation's do not.
    expect(together[1]!.events).toEqual(alone[1]!.events)
    expect(together[1]!.transcript.header.parties).toEqual(alone[1]!.transcript.header.parties)
    // Each outbound call was handed the make-call request for its own number.
    for (let i = 0; i < 6; i++) expect(together[8 + i]!.transcript.header.parties.to).toBe(`+1415555018${i}`)
  })
})
