/**
 * A test's own helper, generic in the call it checks, calls the call matchers. ff12930 typed
 * toHavePlayed's and toHaveHungUp's parameters on the received value (so that `call.actions`
 * is a type error): in a helper generic in the call they stayed deferred and refused every
 * argument, `()` included ("Argument of type '[]' is not assignable to parameter of type
 * 'CallMatcherArgs<C, []>'"), code that compiled before (audit h181). Checked by `tsc`.
 */
import { expect, test } from 'vitest'
import { callTo, type CallResult } from '../../src/index.js'

declare const app: (req: unknown, res: unknown) => void

function greetsAndHangsUp<C extends CallResult>(call: C): void {
  expect(call).toHavePlayed('Welcome')
  expect(call).toHavePlayed(/welcome/i)
  expect(call).not.toHavePlayed('Goodbye')
  expect(call).toHaveHungUp()
  expect.soft(call).toHaveHungUp()
}

function anyPlatform<C extends CallResult<any>>(call: C): C {
  expect(call).toHavePlayed('Welcome')
  expect(call).not.toHaveHungUp()
  return call
}

test('a helper generic in the call takes the call matchers; call.actions stays a type error', async () => {
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
  greetsAndHangsUp(call)
  anyPlatform(call)
  // @ts-expect-error call.actions, not the call: the matcher takes no argument that fits
  expect(call.actions).toHavePlayed('Welcome')
  // @ts-expect-error and toHaveHungUp() none at all
  expect(call.actions).toHaveHungUp()
})
