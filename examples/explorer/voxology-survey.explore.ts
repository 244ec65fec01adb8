import type { ExploreConfig } from '../../src/index.js'
import { createSurveyApp, exampleConfig } from '../voxology-survey/app.js'

/** The dental survey on Voxology: the platform runs the app's scripts. */
export default {
  target: createSurveyApp(exampleConfig()),
  options: {
    platform: 'voxology',
    webhookPath: '/voxology/survey',
    setup: (call) => call.fromCaller('+14155550100').toNumber('+17145550199'),
  },
} satisfies ExploreConfig
