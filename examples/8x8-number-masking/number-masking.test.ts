import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createMaskingApp, sampleTrips } from './app.js'

const RIDER = '+6591178965'
const DRIVER = '+6531589338'
const TRIP_NUMBER = '+6568332048'

/** The app's own webhook paths, configured on the 8x8 subaccount. */
const options = { platform: '8x8', webhookPath: '/voice/call-action', vendor: { vssPath: '/voice/session-summary' } } as const

describe('ride-hailing number masking (8x8, inbound)', () => {
  it('bridges the rider to the driver behind the trip number', async () => {
    const { app, log } = createMaskingApp(sampleTrips())
    const call = await callTo(app, options)
      .fromCaller(RIDER)
      .toNumber(TRIP_NUMBER)
      .expectAction('say', { params: { text: 'Connecting you to your driver.' } })
      .expectAction('makeCall', { params: { source: TRIP_NUMBER, destination: DRIVER } })
      // The driver's phone rings for a few seconds; they talk for a minute (in virtual time).
      .staySilent(60_000)
      .hangUp()

    expect(call.end).toMatchObject({ by: 'caller' })
    expect(call.events).toEqual(['CALL_ACTION', 'SESSION_SUMMARY'])
    expect(log).toEqual([{ tripId: 't-100', sessionStatus: 'COMPLETED', driverLeg: 'COMPLETED', seconds: 62 }])
    console.log(call.print())
  })

  it('logs a busy driver', async () => {
    const { app, log } = createMaskingApp(sampleTrips())
    const call = await callTo(app, options)
      .fromCaller(RIDER)
      .toNumber(TRIP_NUMBER)
      .withParty(DRIVER, 'busy')
      .expectAction('say')
      .expectAction('makeCall')
      .expectHangup()

    expect(call.end).toMatchObject({ by: 'platform', reason: `${DRIVER}: busy` })
    expect(log).toEqual([{ tripId: 't-100', sessionStatus: 'BUSY', driverLeg: 'BUSY', seconds: expect.any(Number) }])
  })

  it('ends the call when the driver hangs up', async () => {
    const { app, log } = createMaskingApp(sampleTrips())
    const call = await callTo(app, options)
      .fromCaller(RIDER)
      .toNumber(TRIP_NUMBER)
      .withParty(DRIVER, { answers: true, hangsUpAfterMs: 45_000 })
      .expectAction('say')
      .expectAction('makeCall')
      .expectHangup()

    expect(call.end).toMatchObject({ by: 'callee', reason: `${DRIVER} hung up` })
    expect(log[0]).toMatchObject({ sessionStatus: 'COMPLETED', driverLeg: 'COMPLETED' })
  })

  it('turns away a caller with no active trip', async () => {
    const { app, log } = createMaskingApp(sampleTrips())
    const call = await callTo(app, options)
      .fromCaller('+6591170000')
      .toNumber('+6568332049')
      .expectAction('say', { params: { text: /could not find an active trip/ } })
      .expectAction('hangup')

    expect(call).toHaveHungUp()
    expect(call).not.toHaveAction('makeCall')
    expect(log).toEqual([])
  })

  it('matches numbers that 8x8 sends without the +', async () => {
    const { app } = createMaskingApp(sampleTrips())
    await callTo(app, options)
      .fromCaller(RIDER.slice(1))
      .toNumber(TRIP_NUMBER.slice(1))
      .expectAction('say', { params: { text: 'Connecting you to your driver.' } })
      .expectAction('makeCall', { params: { destination: DRIVER } })
  })
})
