import type { ExploreConfig } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../webex-connect-pin-ivr/app.js'

/** The Acme Bank IVR: the PIN comes from a hint, and "agent" is tried where speech is taken. */
export default {
  target: createIvrApp(exampleConfig()),
  options: {
    platform: 'webex-connect',
    webhookPath: '/webex/events',
    setup: (call) => call.fromCaller('+14155550100'),
    hints: { '/enter your PIN/i': '1234#', '/say agent/i': 'agent' },
  },
} satisfies ExploreConfig
