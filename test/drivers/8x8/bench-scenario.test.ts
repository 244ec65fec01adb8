import { expect, it } from 'vitest'
import { benchFlow, createBenchApp, turnsPerCall } from './bench-scenario.js'

it('the bench call makes the turns it announces, and the app hangs up', async () => {
  const call = await benchFlow(createBenchApp(), 7)
  expect(call.events).toHaveLength(turnsPerCall)
  expect(call.events).toEqual(['CALL_ACTION', 'CALL_ACTION', 'SESSION_SUMMARY'])
  expect(call).toHaveHungUp()
})
