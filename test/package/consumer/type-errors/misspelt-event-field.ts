// A misspelt field of a webhook's body: a type error that names the field meant.
import { callTo } from 'callspec'

declare const app: (req: unknown, res: unknown) => void
const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
void call.event('ANSWERED').callerId
void call.event('ANSWERED').calerId
