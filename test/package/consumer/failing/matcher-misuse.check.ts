import { expect, it } from 'vitest'
import { callTo } from 'callspec'
import { app } from './app.js'

it('hands a matcher call.actions, not the call', async () => {
  const call = await callTo(app, { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
  // A type error too (the parameter's type says to pass the call): refused at run time for a JavaScript test, or one that casts.
  // @ts-expect-error call.actions, not the call
  expect(call.actions).toHaveAction('PLAY') // ← the usage error points here
})

it('negates a match whose key the action has no field for, on a call that sent no such action', async () => {
  const call = await callTo(app, { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
  // A type error too: refused at run time for a JavaScript test, or one that casts.
  // @ts-expect-error dialedNumbr is no field of PATCH
  expect(call).not.toHaveAction('PATCH', { dialedNumbr: '+14155550142' })
})
