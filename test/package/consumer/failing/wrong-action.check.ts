import { expect, it } from 'vitest'
import { callTo } from 'callspec'
import { app } from './app.js'

it('expects a transfer the app never makes', async () => {
  const call = await callTo(app, { platform: 'webex-connect', seed: 5 })
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .pressDigits('1')
    .expectAction('PATCH') // ← fails here
  expect(call).toHaveHungUp()
})
