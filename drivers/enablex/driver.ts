import { defineDriver, type Driver } from '../../src/driver/index.js'
import type { EnableXOptions } from './behaviour.js'
import { EnableXCall } from './call.js'
import { EnableXApi } from './rest-api.js'
import { ENABLEX_RULES, type EnableXRuleId } from './rules.js'
import type { EnableXActions } from './schemas.js'
import { VALIDATION_KINDS, validate, type EnableXKind } from './validate.js'

/** EnableX Voice API (v1 routes): the app drives the call with REST commands; events report back. */
export const enablex: Driver<EnableXActions, EnableXOptions, EnableXApi, EnableXKind, EnableXRuleId> = defineDriver({
  platform: 'enablex',
  actionNames: ['make-call', 'accept', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording', 'hangup'],
  // EnableX's samples serve the event webhook on /event.
  defaultWebhookPath: '/event',
  // api-qa.enablex.io: the host EnableX's own IVR sample calls.
  vendorOrigins: ['https://api.enablex.io', 'https://api-qa.enablex.io'],
  // Inbound calls need the REST API as much as outbound ones: the app answers with accept/play.
  appDrivesCall: true,
  validationKinds: VALIDATION_KINDS,
  rules: ENABLEX_RULES,
  createApi: () => new EnableXApi(),
  createCall: (ctx, setup, api) => new EnableXCall(ctx, setup, api),
  validate,
})
