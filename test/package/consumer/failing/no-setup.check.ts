import { expect, it } from 'vitest'
import { callTo } from 'callspec'
import { app } from './app.js'

it('uses a matcher without callspec/vitest in setupFiles', async () => {
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectHangup()
  expect(call).toHavePlayed('Main menu.')
})
