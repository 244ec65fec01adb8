import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createReminderApp, exampleConfig, sampleAppointments } from './app.js'

/** A fresh app and appointment book for each test. */
function clinic() {
  const appointments = sampleAppointments()
  return { app: createReminderApp(exampleConfig(), appointments), appointments }
}
const remind = (id: string) => (app: { fetch: (path: string, init: object) => Promise<unknown> }) =>
  app.fetch(`/reminders/${id}`, { method: 'POST' })
const vendor = { subAccountId: 'citydental_voice', apiKey: 'key_test_citydental' }

/** Every reminder starts the same way: dial, chime, ask. */
const reminder = (app: ReturnType<typeof clinic>['app'], id = 'apt-1') =>
  callTo(app, { platform: '8x8', vendor })
    .startedBy(remind(id))
    .expectAction('makeCall', { params: { source: '+6568332048' } })
    .expectAction('playFile', { params: { fileUrl: 'https://reminders.citydental.example/audio/chime.wav' } })
    .expectAction('sayAndCapture', { params: { promptMessage: /Press 1 to confirm, or 2 to reschedule/ } })

describe('City Dental appointment reminder (8x8, outbound)', () => {
  it('confirms the appointment when the patient presses 1', async () => {
    const { app, appointments } = clinic()
    const call = await reminder(app)
      .pressDigits('1')
      .expectAction('say', { params: { text: 'Thank you, your appointment is confirmed. See you soon!' } })
      .expectAction('hangup')

    expect(call).toHaveHungUp()
    expect(call).toHavePlayed(/reminding you of your appointment tomorrow at 10 AM/)
    expect(call.events).toEqual(['CALL_ACTION', 'SESSION_SUMMARY'])
    expect(appointments.get('apt-1')).toMatchObject({ status: 'confirmed', outcome: 'COMPLETED' })
    console.log(call.print())
  })

  it('reschedules to the day the patient keys in', async () => {
    const { app, appointments } = clinic()
    const call = await reminder(app)
      .pressDigits('2')
      .expectAction('sayAndCapture', { params: { promptMessage: /day of the month/, maxDigits: 2 } })
      .pressDigits('14#')
      .expectAction('say', { params: { text: /day 14 of the month/ } })
      .expectHangup()

    expect(appointments.get('apt-1')).toMatchObject({ status: 'reschedule', newDay: 14 })
    // The second question was tagged; 8x8 echoes the tag in the next call-action webhook.
    const vcas = call.transcript.entries.filter((e) => e.kind === 'event' && e.name === 'CALL_ACTION')
    expect(JSON.parse((vcas[1] as { request: { body: string } }).request.body).payload).toMatchObject({
      clientActionId: 'reschedule-day',
      eventData: { dtmf: '14' },
    })
  })

  it('asks twice, then gives up when the patient presses nothing', async () => {
    const { app, appointments } = clinic()
    const call = await reminder(app).staySilent().expectAction('say', { params: { text: /call you again later/ } }).expectHangup()

    expect(call.prompts.filter((p) => p === 'Sorry, I did not get that.')).toHaveLength(2)
    expect(appointments.get('apt-1')?.status).toBe('retry')
    // Two 10 s overall timeouts, all in virtual time.
    expect(call.duration).toBeGreaterThan(20_000)
  })

  it('marks a busy line for a retry', async () => {
    const { app, appointments } = clinic()
    const call = await callTo(app, { platform: '8x8', vendor })
      .startedBy(remind('apt-2'))
      .answeredBy('busy')
      .expectAction('makeCall', { params: { destination: '+6591178966' } })
      .expectHangup()

    expect(call.end).toMatchObject({ by: 'callee', reason: 'line busy' })
    expect(call.events).toEqual(['SESSION_SUMMARY'])
    expect(appointments.get('apt-2')).toMatchObject({ status: 'retry', outcome: 'BUSY' })
  })

  it('marks an unanswered call for a retry after 30 s of ringing', async () => {
    const { app, appointments } = clinic()
    const call = await callTo(app, { platform: '8x8', vendor }).startedBy(remind('apt-2')).answeredBy('no-answer').expectAction('makeCall').expectHangup()

    expect(call.duration).toBe(30_000)
    expect(appointments.get('apt-2')).toMatchObject({ status: 'retry', outcome: 'NO_ANSWER' })
  })

  it('fails the test when the app is configured with the wrong API key', async () => {
    const { app } = clinic()
    const flow = callTo(app, { platform: '8x8', vendor: { ...vendor, apiKey: 'key_live_other' } }).startedBy(remind('apt-1'))
    await expect(flow).rejects.toThrow(
      `8x8 rejected the app's Send Callflow request: HTTP 401 {"sessionStatus":"NOT_CREATED","callFlowRequestId":`,
    )
  })
})
