/**
 * A realistic 8x8 appointment reminder, written the way teams write them: an Express app that
 * starts an outbound session through the Send Callflow API, handles the call-action webhook
 * (VCA) by the `clientActionId` it tagged its last answer with, and records the outcome from
 * the session summary (VSS).
 *
 * POST /reminders/:id places the call: a chime the app hosts, then "press 1 to confirm, 2 to
 * reschedule". Rescheduling asks for a day of the month (ended by #). Busy lines, unanswered
 * calls and failed sessions are marked for a retry.
 */
import express from 'express'

export interface ReminderConfig {
  /** 8x8 Voice base URL, e.g. https://voice.8x8.com */
  vendorBaseUrl: string
  subAccountId: string
  apiKey: string
  /** This app's public address: 8x8 downloads the chime from here. */
  publicUrl: string
  /** Our 8x8 virtual number, the caller id of every reminder. */
  virtualNumber: string
  voiceProfile: string
}

export interface Appointment {
  id: string
  patient: string
  phone: string
  when: string
  status: 'scheduled' | 'calling' | 'confirmed' | 'reschedule' | 'retry'
  newDay?: number
  sessionId?: string
  outcome?: string
}

/** The smallest valid WAV file (a RIFF header with no samples): enough for a chime in tests. */
const CHIME = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([36, 0, 0, 0]),
  Buffer.from('WAVEfmt '),
  Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0]),
  Buffer.from('data'),
  Buffer.from([0, 0, 0, 0]),
])

export function createReminderApp(config: ReminderConfig, appointments: Map<string, Appointment>) {
  const app = express()
  app.use(express.json())
  const bySession = new Map<string, Appointment>()
  const say = (text: string) => ({ action: 'say', params: { text, voiceProfile: config.voiceProfile } })
  const hangup = { action: 'hangup' }

  app.get('/audio/chime.wav', (_req, res) => {
    res.type('audio/wav').send(CHIME)
  })

  app.post('/reminders/:id', async (req, res) => {
    const appointment = appointments.get(req.params.id)
    if (!appointment) return res.status(404).json({ error: 'no such appointment' })
    const response = await fetch(`${config.vendorBaseUrl}/api/v1/subaccounts/${config.subAccountId}/callflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        // A reminder that has not gone out within the hour is stale.
        validUntil: new Date(Date.now() + 3600_000).toISOString(),
        callflow: [
          { action: 'makeCall', params: { source: config.virtualNumber, destination: appointment.phone } },
          { action: 'playFile', params: { fileUrl: `${config.publicUrl}/audio/chime.wav` } },
          {
            action: 'sayAndCapture',
            params: {
              promptMessage: `Hello ${appointment.patient}, this is City Dental reminding you of your appointment ${appointment.when}. Press 1 to confirm, or 2 to reschedule.`,
              voiceProfile: config.voiceProfile,
              failureMessage: 'Sorry, I did not get that.',
              completeOnHash: false,
              minDigits: 1,
              maxDigits: 1,
              digitTimeout: 5000,
              overallTimeout: 10000,
              noOfTries: 2,
            },
          },
        ],
      }),
    })
    const body = (await response.json()) as { sessionStatus: string; sessionId?: string; statusCode: number; statusMessage: string }
    if (body.sessionStatus !== 'CREATED' || !body.sessionId) {
      return res.status(502).json({ error: `8x8 said ${body.statusCode} ${body.statusMessage}` })
    }
    appointment.status = 'calling'
    appointment.sessionId = body.sessionId
    bySession.set(body.sessionId, appointment)
    return res.status(202).json({ sessionId: body.sessionId })
  })

  app.post('/8x8/vca', (req, res) => {
    const event = req.body.payload
    const appointment = bySession.get(event.sessionId)
    if (!appointment) return res.json({ callflow: [say('Sorry, something went wrong. Goodbye.'), hangup] })
    const dtmf: string | null = event.eventData?.dtmf ?? null

    if (event.clientActionId === 'reschedule-day') {
      const day = Number(dtmf)
      if (dtmf === null || !(day >= 1 && day <= 31)) {
        appointment.status = 'reschedule'
        return res.json({ callflow: [say('Our front desk will call you to find a new date. Goodbye.'), hangup] })
      }
      appointment.status = 'reschedule'
      appointment.newDay = day
      return res.json({ callflow: [say(`Thank you. We will move your appointment to day ${day} of the month. Goodbye.`), hangup] })
    }

    // The answer to the first question (no clientActionId: the callflow came from the REST request).
    if (dtmf === '1') {
      appointment.status = 'confirmed'
      return res.json({ callflow: [say('Thank you, your appointment is confirmed. See you soon!'), hangup] })
    }
    if (dtmf === '2') {
      return res.json({
        clientActionId: 'reschedule-day',
        callflow: [
          {
            action: 'sayAndCapture',
            params: {
              promptMessage: 'Please enter the day of the month that suits you, then press hash.',
              voiceProfile: config.voiceProfile,
              minDigits: 1,
              maxDigits: 2,
              overallTimeout: 15000,
              noOfTries: 1,
            },
          },
        ],
      })
    }
    appointment.status = 'retry'
    return res.json({ callflow: [say('We will call you again later. Goodbye.'), hangup] })
  })

  app.post('/8x8/vss', (req, res) => {
    const summary = req.body.payload
    const appointment = bySession.get(summary.sessionId)
    if (appointment) {
      appointment.outcome = summary.errorDetails ? `${summary.sessionStatus} ${summary.errorDetails.errorCode}` : summary.sessionStatus
      if (summary.sessionStatus !== 'COMPLETED') appointment.status = 'retry'
      bySession.delete(summary.sessionId)
    }
    res.sendStatus(200)
  })

  app.get('/appointments/:id', (req, res) => {
    const appointment = appointments.get(req.params.id)
    return appointment ? res.json(appointment) : res.sendStatus(404)
  })

  return app
}

/** The configuration the example suite uses. */
export const exampleConfig = (vendorBaseUrl = 'https://voice.8x8.com'): ReminderConfig => ({
  vendorBaseUrl,
  subAccountId: 'citydental_voice',
  apiKey: 'key_test_citydental',
  publicUrl: 'https://reminders.citydental.example',
  virtualNumber: '+6568332048',
  voiceProfile: 'en-US-BenjaminRUS',
})

export const sampleAppointments = () =>
  new Map<string, Appointment>([
    ['apt-1', { id: 'apt-1', patient: 'Ana', phone: '+6591178965', when: 'tomorrow at 10 AM', status: 'scheduled' }],
    ['apt-2', { id: 'apt-2', patient: 'Ben', phone: '+6591178966', when: 'on Friday at 3 PM', status: 'scheduled' }],
  ])
