/** City Dental's reminder app (../../8x8-appointment-reminder/app.ts), as `callspec run --app` loads it. */
import { createReminderApp, exampleConfig, sampleAppointments } from '../../8x8-appointment-reminder/app.js'

export default createReminderApp(exampleConfig(), sampleAppointments())
