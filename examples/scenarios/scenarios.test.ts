/**
 * The scenario files of this folder as vitest tests: one `scenarios()` call per app. The Python
 * suite (python/) runs through the CLI instead (`npm run examples:scenarios`), with --start.
 */
import { scenarios } from '../../src/scenario/index.js'
import { createReminderApp, exampleConfig as reminderConfig, sampleAppointments } from '../8x8-appointment-reminder/app.js'
import { createIvrApp, exampleConfig as ivrConfig } from '../webex-connect-pin-ivr/app.js'

scenarios('examples/scenarios/webex-connect/*.yaml', { target: createIvrApp(ivrConfig()) })
scenarios('examples/scenarios/8x8/*.yaml', { target: createReminderApp(reminderConfig(), sampleAppointments()) })
