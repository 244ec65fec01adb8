// The same mistake in a matcher: toHaveAction takes the call's action names too.
import { callTo } from 'callspec'
import { expect } from 'vitest'

declare const app: (req: unknown, res: unknown) => void
const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
expect(call).toHaveAction('Play')
// Anything that is not a call keeps a string: the matcher refuses it at run time, with its reason.
expect(call.actions).toContainEqual(expect.toHaveAction('PATCH'))
