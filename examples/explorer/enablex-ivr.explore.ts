import type { ExploreConfig } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../enablex-ivr/app.js'

/** The Acme Support IVR on EnableX (the app drives the call through the REST API). */
export default {
  target: createIvrApp(exampleConfig()),
  options: {
    platform: 'enablex',
    vendor: { appId: 'acme-app-id', appKey: 'acme-app-key' },
    setup: (call) => call.fromCaller('+14155550100'),
  },
} satisfies ExploreConfig
