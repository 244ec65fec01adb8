/** The Acme Bank Webex Connect IVR (../../webex-connect-pin-ivr/app.ts), as `callspec run --app` loads it. */
import { createIvrApp, exampleConfig } from '../../webex-connect-pin-ivr/app.js'

export default createIvrApp(exampleConfig())
