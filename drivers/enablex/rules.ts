import { defineRules } from '../../src/validation/rules.js'

/**
 * Every check the EnableX simulation makes, with its evidence. Sources: EnableX "Voice API
 * Routes" (v2.0, developer.enablex.io / docs2024.vcloudx.com), its error table, and EnableX's
 * own samples (github.com/EnableX/voice-api-inbound, voice-api-outbound). A correction is a
 * one-line change here.
 */
export const ENABLEX_RULES = defineRules({
  'enablex/request-schema': {
    fixed: 'the platform cannot run what it cannot read',
    evidence: 'doc',
    source: 'EnableX docs: Voice API Routes, request bodies',
    description: 'a REST request body has the documented fields and types (play prompt, dtmf/asr options, connect from/to, hold…)',
  },
  'enablex/unknown-keys': {
    evidence: 'inferred',
    source: 'inferred: not documented (EnableX documents no rejection of unknown fields)',
    description: 'a REST request body holds no field the docs do not name',
  },
  'enablex/error-answers': {
    evidence: 'doc',
    source: 'EnableX docs: Voice API error codes',
    level: 'warn',
    description:
      'a request EnableX answers with a documented error (play while bridged 6112, play while one is pending 6114, unsupported voice 6117, number 6118/6110, accept twice, transfer or recording before a bridge 409…): the app gets the error and the call goes on, so it warns by default',
  },
  'enablex/event-answered': {
    evidence: 'sample',
    source: "EnableX samples: the event webhook answers 200",
    description: 'the app answers each event with a 2xx while the call is live',
  },
  'enablex/final-callback-answered': {
    evidence: 'inferred',
    source: 'inferred: not documented (a 404 means the app has no route for it)',
    description: 'the app answers events sent after the end of the call (disconnected) with a 2xx',
  },
  'enablex/answer-in-time': {
    evidence: 'inferred',
    source: 'inferred: the webhook timeout is not documented; callspec assumes limits.responseTimeoutMs',
    description: 'the app answers an event within limits.responseTimeoutMs of virtual time (4 s by default); an answer its own timer holds back longer is taken, with a warning',
  },
})

export type EnableXRuleId = keyof typeof ENABLEX_RULES
