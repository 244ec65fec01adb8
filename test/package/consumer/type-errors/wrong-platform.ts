// One mistake, one error: a misspelt platform, or options kept in a variable without `as const`,
// is the error; the steps after it are not each "not assignable to parameter of type 'never'".
import { callTo } from 'callspec'

declare const app: (req: unknown, res: unknown) => void
void callTo(app, { platform: 'webex' }).expectAction('ANSWER').expectAction('PLAY')
const options = { platform: 'webex-connect' }
void callTo(app, options).expectAction('ANSWER').expectAction('PLAY')
