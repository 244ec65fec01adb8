// A newcomer's mistake TypeScript must explain: an action name in the wrong case.
import { callTo } from 'callspec'

declare const app: (req: unknown, res: unknown) => void
void callTo(app, { platform: 'webex-connect' }).expectAction('Play')
