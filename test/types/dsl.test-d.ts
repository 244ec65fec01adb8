/**
 * Type tests, checked by `tsc` (npm run typecheck): action names autocomplete per platform, a
 * wrong name or field is a type error, and the matchers are typed on expect().
 */
import { expect, expectTypeOf, test } from 'vitest'
import type { PlayAction } from '../../drivers/webex-connect/index.js'
import { callTo, validate, type CallResult } from '../../src/index.js'

declare const app: (req: unknown, res: unknown) => void

test('expectAction knows the platform’s actions and their fields', () => {
  const flow = callTo(app, { platform: 'webex-connect' })
  type Names = Parameters<typeof flow.expectAction>[0]
  expectTypeOf<Names>().toEqualTypeOf<'ANSWER' | 'PLAY' | 'PATCH' | 'RECORD' | 'HANGUP' | 'REJECT'>()

  flow.expectAction('PLAY', { collectInput: { terminationDigit: '#' }, audio: [{ text: /PIN/ }] })
  flow.expectAction('PATCH', { dialedNumber: expect.stringMatching(/^\+1/) })
  // @ts-expect-error sayAndCapture is 8x8's, not Webex Connect's
  flow.expectAction('sayAndCapture')
  // @ts-expect-error PLAY has no dialedNumber
  flow.expectAction('PLAY', { dialedNumber: '+1' })
  // @ts-expect-error maxDigits is a number
  flow.expectAction('PLAY', { collectInput: { maxDigits: '4' } })
})

test('a misspelt or widened platform is the one type error, not every step after it too', () => {
  // @ts-expect-error 'webex' is not a platform ('webex-connect' is)
  callTo(app, { platform: 'webex' })
    .expectAction('ANSWER')
  const options = { platform: 'webex-connect' }
  // @ts-expect-error platform widened to string: write the options inline, or `as const`
  callTo(app, options)
    .expectAction('ANSWER')
})

test('vendor options and validation kinds are per platform', () => {
  callTo(app, { platform: 'webex-connect', vendor: { failureEvent: 'FAILURE', audioDurationsMs: { 'https://x/a.wav': 1000 } } })
  // @ts-expect-error not a Webex Connect option
  callTo(app, { platform: 'webex-connect', vendor: { subAccountId: 'x' } })
  validate('webex-connect', 'make-call', {})
  // @ts-expect-error not a Webex Connect payload kind
  validate('webex-connect', 'callflow', {})
})

test('an awaited flow is a CallResult; the matchers are typed', async () => {
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
  expectTypeOf(call).toMatchTypeOf<CallResult>()
  expectTypeOf(call.actions[0]!.name).toEqualTypeOf<'ANSWER' | 'PLAY' | 'PATCH' | 'RECORD' | 'HANGUP' | 'REJECT'>()
  expect(call).toHavePlayed(/x/)
  expect(call).toHaveAction('PLAY', { audio: [] })
  expect(call).toHaveAction('PATCH', { dialedNumber: '+14155550142', holdAudio: { type: 'TTS', text: expect.stringContaining('hold') } })
  expect(call).not.toHaveAction('PLAY', { collectInput: { terminationDigit: /#/ } })
  // @ts-expect-error a misspelt key of the match (dialedNumber) is a type error, as in expectAction
  expect(call).toHaveAction('PATCH', { dialedNumbr: '+14155550142' })
  // @ts-expect-error deeper in too
  expect(call).not.toHaveAction('PLAY', { collectInput: { terminationDgit: '#' } })
  // Anything that is not a call keeps any match: the matcher refuses it at run time, with its reason.
  expect({ result: call }).toEqual({ result: expect.toHaveAction('PATCH', { anything: 1 }) })
  expect(call).toHaveHungUp()
  expect({}).toBeValidAction('webex-connect')
  // @ts-expect-error toHavePlayed takes text or a RegExp
  expect(call).toHavePlayed(42)
  expectTypeOf<PlayAction['collectInput']>().toEqualTypeOf<{ maxDigits?: number; digitTimeout?: number; terminationDigit?: string } | undefined>()
})

test('a call matcher given call.actions is a type error that says to pass the call (helper-180)', async () => {
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
  // @ts-expect-error call.actions, not the call: the parameter's type says "pass the call itself"
  expect(call.actions).toHaveAction('PLAY')
  // @ts-expect-error the same for toHavePlayed
  expect(call.actions).toHavePlayed('Welcome')
  // @ts-expect-error and for toHaveHungUp
  expect(call.actions).toHaveHungUp()
  // An entry of call.actions is what toBeValidAction takes.
  expect(call.actions.at(-1)).toBeValidAction('webex-connect')
  // A flow under .resolves takes the flow's own action names.
  const flow = callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
  await expect(flow).resolves.toHaveAction('ANSWER')
  // @ts-expect-error a misspelt name under .resolves too
  await expect(flow).resolves.toHaveAction('ANSWR')
  await expect(flow).resolves.toHavePlayed('Welcome')
  // Asymmetric use keeps any name and any value.
  expect([call]).toEqual([expect.toHaveAction('PLAY')])
  expect({ prompts: ['Hi'] }).toHavePlayed('Hi')
})

test('a call matcher given a flow not awaited is a type error that says to await it; awaited, or under .resolves, it type-checks', async () => {
  const flow = callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
  // @ts-expect-error the flow has not run: "method's 'this' of type '"await the call first: …"'"
  expect(flow).toHavePlayed(/x/)
  // @ts-expect-error the same for toHaveAction, whose names the flow's type would otherwise have given
  expect(flow).toHaveAction('PLAY')
  // @ts-expect-error and for toHaveHungUp, negated too
  expect(flow).not.toHaveHungUp()
  // @ts-expect-error a flow written inline, as the audit's repro did
  expect(callTo(app, { platform: '8x8' }).expectAction('say')).toHavePlayed('Welcome')
  await expect(flow).resolves.toHavePlayed(/x/)
  await expect(flow).resolves.not.toHaveHungUp()
  await expect(flow).resolves.toHaveAction('PLAY', { audio: [] })
  const call = await flow
  expect(call).toHavePlayed(/x/)
  expect(call).toHaveAction('PLAY', { audio: [] })
  expect(call).not.toHaveHungUp()
})
