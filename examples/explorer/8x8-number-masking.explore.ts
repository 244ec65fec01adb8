import type { ExploreConfig } from '../../src/index.js'
import { createMaskingApp, sampleTrips } from '../8x8-number-masking/app.js'

/** Number masking has no menu: the explorer finds the bridge to the driver and its ends. */
export default {
  target: createMaskingApp(sampleTrips()).app,
  options: {
    platform: '8x8',
    webhookPath: '/voice/call-action',
    vendor: { vssPath: '/voice/session-summary' },
    setup: (call) => call.fromCaller('+6591178965').toNumber('+6568332048'),
  },
} satisfies ExploreConfig
