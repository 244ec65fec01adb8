// A call matcher handed call.actions, not the call: a type error whose text says what to pass.
import { callTo } from 'callspec'
import { expect } from 'vitest'

declare const app: (req: unknown, res: unknown) => void
const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
expect(call.actions).toHaveAction('PLAY')
