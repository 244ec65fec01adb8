import { defineDriver } from '../../src/driver/define-driver.js'
import { allKeys } from '../../src/utils/all-keys.js'
import { allValues, textKeys, type OptionValues } from '../../src/utils/option-values.js'
import { lazyRuntime } from '../../src/driver/lazy-runtime.js'
import type { Driver } from '../../src/driver/types.js'
import type { EightByEightOptions } from './behaviour.js'
import type { EightByEightApi } from './rest-api.js'
import { EIGHT_RULES, type EightRuleId } from './rules.js'
import type { EightByEightActions, EightByEightEvents } from './schemas.js'
import { VALIDATION_KINDS, type EightByEightKind } from './kinds.js'

// Schemas, simulation and REST API load with the first call (or a synchronous validate()).
const runtime = lazyRuntime('8x8', () => import('./runtime.js'))

/** 8x8 Voice: a session starts with a callflow (REST, or a VCA answer for inbound calls) and runs list by list. */
export const eightByEight: Driver<EightByEightActions, EightByEightOptions, EightByEightApi, EightByEightKind, EightRuleId, EightByEightEvents> = defineDriver({
  platform: '8x8',
  actionNames: ['makeCall', 'say', 'sayAndCapture', 'playFile', 'hangup'],
  // The answer to CALL_ACTION: { clientActionId?, callflow: [...] }.
  answersLike: ({ json }) => typeof json === 'object' && json !== null && Array.isArray((json as { callflow?: unknown }).callflow),
  // Each callflow item: { action: 'say', params: {…} }.
  actionNameKey: 'action',
  // Every field its webhooks carry, at any depth (the event schemas': test/drivers/event-fields.test.ts).
  eventFields: [
    'namespace', 'eventType', 'description', 'version', 'payload', 'callId', 'callDirection', 'callType',
    'source', 'destination', 'sourceFormat', 'destinationFormat', 'sourceCountryCode',
    'destinationCountryCode', 'sourceRefId', 'destinationRefId', 'eventId', 'sessionId', 'subAccountId',
    'callDuration', 'sipCode', 'timestamp', 'callStatus', 'eventData', 'clientActionId', 'dtmf',
    'sessionStatus', 'startTime', 'endTime', 'lastAction', 'callCount', 'clientRequestId', 'errorDetails',
    'details', 'errorMsg', 'errorCode', 'initiatedTimestamp', 'connectedTimestamp', 'disconnectedTimestamp',
    'callQuality', 'mos', 'packetLossRate', 'jitter',
  ],
  defaultWebhookPath: '/8x8/vca',
  // The current host and the legacy Wavecell one, still in older pages and samples (8x8's Voice API
  // reference).
  vendorOrigins: ['https://voice.8x8.com', 'https://voice.wavecell.com'],
  optionNames: allKeys<EightByEightOptions>()(['subAccountId', 'apiKey', 'vcaPath', 'vssPath', 'vcsPath', 'ranOut', 'flatDtmf', 'voiceProfiles', 'allowedSources', 'uncoveredPrefixes', 'audioDurationsMs', 'failOnSessionError']),
  optionValues: {
    ranOut: allValues<EightByEightOptions['ranOut']>()(['ask', 'end']),
    flatDtmf: allValues<boolean>()([true, false]),
    failOnSessionError: allValues<boolean>()([true, false]),
  } satisfies OptionValues<EightByEightOptions>,
  textOptions: textKeys<EightByEightOptions>()(['subAccountId', 'apiKey', 'ranOut']),
  // The answer to a VCA the app still held when the caller hung up: the caller's hang-up ends the
  // session (doc: hangup "not needed if the caller hangs up"; the VSS follows), so no leg is left
  // to run a callflow on. [inferred] The docs say nothing of a VCA answered after the end
  // (call.ts #callAction: not read, not run).
  answerAfterEnd: '8x8 has no session to run a callflow on once every leg is disconnected (inferred: the docs do not say what becomes of an answer that comes after the call ended)',
  validationKinds: VALIDATION_KINDS,
  rules: EIGHT_RULES,
  load: runtime.load,
  createApi: () => runtime.get().createApi(),
  createCall: (ctx, setup, api) => runtime.get().createCall(ctx, setup, api),
  validate: (kind, payload, rules) => runtime.get().validate(kind, payload, rules),
  checkVendorOptions: (vendor) => runtime.get().checkVendorOptions(vendor),
  jsonSchemas: () => runtime.get().jsonSchemas(),
})
