import type { ExploreConfig } from '../../src/index.js'
import { createReminderApp, exampleConfig, sampleAppointments } from '../8x8-appointment-reminder/app.js'

/** The outbound reminder: every explored call is placed by the app (startedBy). */
export default {
  target: createReminderApp(exampleConfig(), sampleAppointments()),
  options: {
    platform: '8x8',
    vendor: { subAccountId: 'citydental_voice', apiKey: 'key_test_citydental' },
    setup: (call) => call.startedBy((app) => app.fetch('/reminders/apt-1', { method: 'POST' })),
    hints: { '/day of the month/i': '14#' },
  },
} satisfies ExploreConfig
