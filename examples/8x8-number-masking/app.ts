/**
 * An 8x8 number-masking app for a ride-hailing service, written the way teams write them: a
 * rider calls the trip's virtual number, the platform sends a call-action webhook
 * (CALL_RECEIVED), and the app answers with a callflow that bridges the rider to the driver's
 * real number, with the virtual number as caller id, so neither sees the other's number.
 * The session summary tells the app whether the driver picked up.
 */
import express from 'express'

export interface Trip {
  id: string
  riderPhone: string
  driverPhone: string
  /** The virtual number this trip's rider dials. */
  virtualNumber: string
  active: boolean
}

export interface CallLog {
  tripId: string
  sessionStatus: string
  driverLeg?: string
  seconds: number
}

const VOICE = 'en-GB-Emma'
const say = (text: string) => ({ action: 'say', params: { text, voiceProfile: VOICE } })

export function createMaskingApp(trips: Trip[]) {
  const app = express()
  app.use(express.json())
  const log: CallLog[] = []
  const tripOf = new Map<string, Trip>()

  app.post('/voice/call-action', (req, res) => {
    const event = req.body.payload
    if (event.callStatus !== 'CALL_RECEIVED') return res.json({ callflow: [{ action: 'hangup' }] })
    // 8x8 may send numbers with or without '+': compare digits only.
    const digits = (n: string) => n.replace(/\D/g, '')
    const trip = trips.find((t) => t.active && digits(t.virtualNumber) === digits(event.destination) && digits(t.riderPhone) === digits(event.source))
    if (!trip) {
      return res.json({ callflow: [say('Sorry, we could not find an active trip for this number. Goodbye.'), { action: 'hangup' }] })
    }
    tripOf.set(event.sessionId, trip)
    return res.json({
      clientActionId: `trip-${trip.id}`,
      callflow: [
        say('Connecting you to your driver.'),
        { action: 'makeCall', params: { source: trip.virtualNumber, destination: trip.driverPhone } },
      ],
    })
  })

  app.post('/voice/session-summary', (req, res) => {
    const summary = req.body.payload
    const trip = tripOf.get(summary.sessionId)
    if (trip) {
      const details = summary.details as Record<string, { callStatus: string; callDuration: number }>
      log.push({ tripId: trip.id, sessionStatus: summary.sessionStatus, driverLeg: details.callB?.callStatus, seconds: details.callA?.callDuration ?? 0 })
      tripOf.delete(summary.sessionId)
    }
    res.sendStatus(204)
  })

  app.get('/trips/:id/calls', (req, res) => {
    res.json(log.filter((entry) => entry.tripId === req.params.id))
  })

  return { app, log }
}

export const sampleTrips = (): Trip[] => [
  { id: 't-100', riderPhone: '+6591178965', driverPhone: '+6531589338', virtualNumber: '+6568332048', active: true },
  { id: 't-101', riderPhone: '+6591170000', driverPhone: '+6531580000', virtualNumber: '+6568332049', active: false },
]
