import { it } from 'vitest'
import { callTo } from 'callspec'
import { app } from './app.js'

// The mistake this check makes on purpose: `async` turns the helper's flow into a Promise of its result.
const menu = async () => callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY')

it('chains on a flow returned by an async helper', async () => {
  // @ts-expect-error pressDigits does not exist on a Promise: TypeScript says so before vitest does.
  await menu().pressDigits('1').expectAction('HANGUP')
})
