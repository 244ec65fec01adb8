// A misspelt key of a matcher's match, as in expectAction: a type error naming the key.
import { callTo } from 'callspec'
import { expect } from 'vitest'

declare const app: (req: unknown, res: unknown) => void
const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
expect(call).not.toHaveAction('PATCH', { dialedNumbr: '+14155550142' })
