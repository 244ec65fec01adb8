import { defineDriver } from '../../src/driver/define-driver.js'
import { allKeys } from '../../src/utils/all-keys.js'
import { allValues, textKeys, type OptionValues } from '../../src/utils/option-values.js'
import { lazyRuntime } from '../../src/driver/lazy-runtime.js'
import type { Driver } from '../../src/driver/types.js'
import type { WebexOptions } from './behaviour.js'
import type { WebexApi } from './rest-api.js'
import { WEBEX_RULES, type WebexRuleId } from './rules.js'
import type { WebexActions, WebexEvents } from './schemas.js'
import { VALIDATION_KINDS, type WebexKind } from './kinds.js'

// Schemas, simulation and REST API load with the first call (or a synchronous validate()).
const runtime = lazyRuntime('webex-connect', () => import('./runtime.js'))

const ACTION_NAMES = ['ANSWER', 'PLAY', 'PATCH', 'RECORD', 'HANGUP', 'REJECT'] as const satisfies ReadonlyArray<keyof WebexActions>

/** Webex Connect Voice API v1: the app answers each event with one action. */
export const webexConnect: Driver<WebexActions, WebexOptions, WebexApi, WebexKind, WebexRuleId, WebexEvents> = defineDriver({
  platform: 'webex-connect',
  actionNames: ACTION_NAMES,
  // One action object per answer, named in upper case: {"action":"ANSWER"} (Webex Connect's voice
  // events docs).
  answersLike: ({ json }) => typeof json === 'object' && json !== null && (ACTION_NAMES as readonly unknown[]).includes((json as { action?: unknown }).action),
  actionNameKey: 'action',
  defaultWebhookPath: '/',
  // Tenants live on api.{region}.webexconnect.io; the region list is not published (Webex Connect's
  // Voice API v1 reference).
  vendorOrigins: ['https://api.us.webexconnect.io', 'https://api.eu.webexconnect.io', 'https://api.ca.webexconnect.io', 'https://api.au.webexconnect.io', 'https://api.uk.webexconnect.io'],
  optionNames: allKeys<WebexOptions>()(['audioDurationsMs', 'failureEvent', 'patchedEvents', 'legacyPlayInput', 'serviceKey', 'requireIdempotencyKey']),
  optionValues: {
    failureEvent: allValues<WebexOptions['failureEvent']>()(['action-event', 'FAILURE']),
    patchedEvents: allValues<WebexOptions['patchedEvents']>()(['connect-and-end', 'end']),
    legacyPlayInput: allValues<boolean>()([true, false]),
    requireIdempotencyKey: allValues<boolean>()([true, false]),
  } satisfies OptionValues<WebexOptions>,
  textOptions: textKeys<WebexOptions>()(['failureEvent', 'patchedEvents', 'serviceKey']),
  // The answer to an event the app still held when the caller hung up: DROPPED has gone out, and
  // the platform has no call left to run the action on. [inferred] The docs say an action answers
  // each event, not what an answer after the end does; callspec treats it as an answer to an event
  // sent after the end (call.ts #afterEnd: noted, never run).
  // Every field its webhooks carry, at any depth (the event schemas': test/drivers/event-fields.test.ts).
  eventFields: [
    'eventTime', 'sessionId', 'correlationId', 'event', 'callerId', 'dialedNumber', 'offeredTime',
    'answeredTime', 'status', 'droppedBy', 'error', 'code', 'message', 'transactionId', 'playedDuration',
    'text', 'recordingFileName', 'recordingLength', 'ConnectedOn', 'connectedOn', 'numOfDigits',
    'digitsReceived', 'terminationDigit', 'duration',
  ],
  answerAfterEnd: 'Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)',
  validationKinds: VALIDATION_KINDS,
  rules: WEBEX_RULES,
  load: runtime.load,
  createApi: () => runtime.get().createApi(),
  createCall: (ctx, setup, api) => runtime.get().createCall(ctx, setup, api),
  validate: (kind, payload, rules) => runtime.get().validate(kind, payload, rules),
  checkVendorOptions: (vendor) => runtime.get().checkVendorOptions(vendor),
  jsonSchemas: () => runtime.get().jsonSchemas(),
})
