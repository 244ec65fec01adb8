import { defineDriver, type Driver } from '../../src/driver/index.js'
import type { EnableXOptions } from './behaviour.js'
import { EnableXCall } from './call.js'
import { EnableXApi } from './rest-api.js'
import type { EnableXActions } from './schemas.js'
import { VALIDATION_KINDS, validate, type EnableXKind } from './validate.js'

/** EnableX Voice API (v1 routes): the app drives the call with REST commands; events report back. */
export const enablex: Driver<EnableXActions, EnableXOptions, EnableXApi, EnableXKind> = defineDriver({
  platform: 'enablex',
  actionNames: ['make-call', 'accept', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording', 'hangup'],
  // EnableX's samples serve the event webhook on /event.
  defaultWebhookPath: '/event',
  vendorOrigins: ['https://api.enablex.io'],
  // Inbound calls need the REST API as much as outbound ones: the app answers with accept/play.
  appDrivesCall: true,
  validationKinds: VALIDATION_KINDS,
  createApi: () => new EnableXApi(),
  createCall: (ctx, setup, api) => new EnableXCall(ctx, setup, api),
  validate,
})
