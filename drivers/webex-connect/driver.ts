import { defineDriver, type Driver } from '../../src/driver/index.js'
import type { WebexOptions } from './behaviour.js'
import { WebexCall } from './call.js'
import { WebexApi } from './rest-api.js'
import { WEBEX_RULES, type WebexRuleId } from './rules.js'
import type { WebexActions } from './schemas.js'
import { VALIDATION_KINDS, validate, type WebexKind } from './validate.js'

/** Webex Connect Voice API v1: the app answers each event with one action. */
export const webexConnect: Driver<WebexActions, WebexOptions, WebexApi, WebexKind, WebexRuleId> = defineDriver({
  platform: 'webex-connect',
  actionNames: ['ANSWER', 'PLAY', 'PATCH', 'RECORD', 'HANGUP', 'REJECT'],
  defaultWebhookPath: '/',
  // Tenants live on api.{region}.webexconnect.io; the region list is not published (§1).
  vendorOrigins: ['https://api.us.webexconnect.io', 'https://api.eu.webexconnect.io', 'https://api.ca.webexconnect.io', 'https://api.au.webexconnect.io', 'https://api.uk.webexconnect.io'],
  validationKinds: VALIDATION_KINDS,
  rules: WEBEX_RULES,
  createApi: () => new WebexApi(),
  createCall: (ctx, setup, api) => new WebexCall(ctx, setup, api),
  validate,
})
