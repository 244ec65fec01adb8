import { defineDriver, type Driver } from '../../src/driver/index.js'
import type { EightByEightOptions } from './behaviour.js'
import { EightByEightCall } from './call.js'
import { EightByEightApi } from './rest-api.js'
import { EIGHT_RULES, type EightRuleId } from './rules.js'
import type { EightByEightActions } from './schemas.js'
import { VALIDATION_KINDS, validate, type EightByEightKind } from './validate.js'

/** 8x8 Voice: a session starts with a callflow (REST, or a VCA answer for inbound calls) and runs list by list. */
export const eightByEight: Driver<EightByEightActions, EightByEightOptions, EightByEightApi, EightByEightKind, EightRuleId> = defineDriver({
  platform: '8x8',
  actionNames: ['makeCall', 'say', 'sayAndCapture', 'playFile', 'hangup'],
  defaultWebhookPath: '/8x8/vca',
  // The current host and the legacy Wavecell one, still in older pages and samples (§1).
  vendorOrigins: ['https://voice.8x8.com', 'https://voice.wavecell.com'],
  validationKinds: VALIDATION_KINDS,
  rules: EIGHT_RULES,
  createApi: () => new EightByEightApi(),
  createCall: (ctx, setup, api) => new EightByEightCall(ctx, setup, api),
  validate,
})
