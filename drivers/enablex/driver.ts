import { defineDriver } from '../../src/driver/define-driver.js'
import { allKeys } from '../../src/utils/all-keys.js'
import { allValues, textKeys, type OptionValues } from '../../src/utils/option-values.js'
import { lazyRuntime } from '../../src/driver/lazy-runtime.js'
import type { Driver } from '../../src/driver/types.js'
import type { EnableXOptions } from './behaviour.js'
import type { EnableXApi } from './rest-api.js'
import { ANSWER_DEADLINE, ENABLEX_RULES, type EnableXRuleId } from './rules.js'
import type { EnableXActions, EnableXEvents } from './schemas.js'
import { VALIDATION_KINDS, type EnableXKind } from './kinds.js'

// Schemas, simulation and REST API load with the first call (or a synchronous validate()).
const runtime = lazyRuntime('enablex', () => import('./runtime.js'))

/** EnableX Voice API (v1 routes): the app drives the call with REST commands; events report back. */
export const enablex: Driver<EnableXActions, EnableXOptions, EnableXApi, EnableXKind, EnableXRuleId, EnableXEvents> = defineDriver({
  platform: 'enablex',
  actionNames: ['make-call', 'accept', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording', 'hangup'],
  // EnableX's samples serve the event webhook on /event.
  defaultWebhookPath: '/event',
  // api-qa.enablex.io: the host EnableX's own IVR sample calls.
  vendorOrigins: ['https://api.enablex.io', 'https://api-qa.enablex.io'],
  // The v1 routes (EnableX's Voice API Routes): https://api.enablex.io/voice/v1/call/{voice_id}/…
  apiBasePath: '/voice/v1',
  // Inbound calls need the REST API as much as outbound ones: the app answers with accept/play.
  appDrivesCall: true,
  // The app acknowledges each event and acts through the REST API: EnableX's samples answer
  // res.sendStatus(200), whose body is the text OK (an answer no other platform can run).
  answersLike: ({ body }) => body.trim() === 'OK',
  // No actionNameKey: a REST body does not name its action, the URL does (PUT …/play), and a
  // hang-up (DELETE) has no body.
  // Documented: each event answered within 5 s (rules.ts, rule enablex/answer-in-time).
  // Every field its webhooks carry, at any depth (the event schemas': test/drivers/event-fields.test.ts).
  eventFields: [
    'voice_id', 'timestamp', 'timeStamp', 'owner_ref', 'from', 'to', 'state', 'channel_id',
    'disconnect_reason', 'recording_url', 'recording_duration', 'room_id', 'text', 'reason', 'playstate',
    'prompt_ref', 'digit', 'description', 'status', 'digits', 'play_id',
  ],
  answerDeadline: ANSWER_DEADLINE,
  // The answer to an event the app still held when the caller hung up: EnableX reads nothing from
  // an event's answer (sample: the samples answer an empty 200; the app acts through the REST API),
  // so a late one changes nothing, before or after the end.
  answerAfterEnd: 'EnableX reads no instruction from an event\'s answer (sample: its samples answer an empty 200 and act through the REST API), so a late one changes nothing',
  // For the same reason the platform's timers wait for no answer: a prompt ends when it ends.
  goesOnWithoutAnswers: true,
  optionNames: allKeys<EnableXOptions>()(['appId', 'appKey', 'encrypt', 'numbers', 'numbersWithoutService', 'autoAccept', 'inboundGreeting', 'promptDurationsMs', 'menuTerminator']),
  optionValues: {
    encrypt: allValues<boolean>()([true, false]),
    autoAccept: allValues<boolean>()([true, false]),
    menuTerminator: allValues<EnableXOptions['menuTerminator']>()(['#', '*']),
  } satisfies OptionValues<EnableXOptions>,
  textOptions: textKeys<EnableXOptions>()(['appId', 'appKey', 'menuTerminator']),
  validationKinds: VALIDATION_KINDS,
  rules: ENABLEX_RULES,
  load: runtime.load,
  createApi: () => runtime.get().createApi(),
  createCall: (ctx, setup, api) => runtime.get().createCall(ctx, setup, api),
  validate: (kind, payload, rules) => runtime.get().validate(kind, payload, rules),
  checkVendorOptions: (vendor) => runtime.get().checkVendorOptions(vendor),
  jsonSchemas: () => runtime.get().jsonSchemas(),
})
