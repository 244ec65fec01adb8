import type { ExploreConfig } from '../../src/index.js'
import { createPlantedApp } from './planted-app.js'

/** The planted-defects app, as `callspec explore examples/explorer/planted.explore.ts` loads it. */
export default {
  target: createPlantedApp(),
  options: { platform: 'webex-connect', webhookPath: '/webex/events', setup: (call) => call.fromCaller('+14155550100') },
} satisfies ExploreConfig
