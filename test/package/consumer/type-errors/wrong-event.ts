// A misspelt webhook name in call.event(): the error lists the platform's event names.
import { callTo } from 'callspec'

declare const app: (req: unknown, res: unknown) => void
const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
void call.event('COLLECTED_DIGIT')
