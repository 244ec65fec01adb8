// A call matcher handed a flow never awaited: a type error whose text says to await the call.
import { callTo } from 'callspec'
import { expect } from 'vitest'

declare const app: (req: unknown, res: unknown) => void
await expect(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')).resolves.toHavePlayed(/x/)
expect(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')).toHavePlayed(/x/)
