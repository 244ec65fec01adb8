import { defineDriver } from '../../src/driver/define-driver.js'
import { allKeys } from '../../src/utils/all-keys.js'
import { allValues, textKeys, type OptionValues } from '../../src/utils/option-values.js'
import { lazyRuntime } from '../../src/driver/lazy-runtime.js'
import type { Driver } from '../../src/driver/types.js'
import type { VoxologyOptions } from './behaviour.js'
import type { VoxologyApi } from './rest-api.js'
import { VOXOLOGY_RULES, type VoxologyRuleId } from './rules.js'
import { ACTION_TYPES } from './action-types.js'
import type { VoxologyActions } from './schemas.js'
import type { VoxologyEvents } from './callback.js'
import { VALIDATION_KINDS, type VoxologyKind } from './kinds.js'

const MAKE_CALL_IS_REST = {
  why: "Voxology's Make Call (POST /v1/Dials/Connect) is a REST request, not a script action",
  test:
    "startedBy() waits for it itself (the transcript shows it before turn 1, and .toNumber() checks the number it dials). " +
    "The call's actions are the script the app answers its init_call callback with: expect the first of those (.expectAction('SAY'), or 'COLLECT').",
  scenario:
    "the file's startedBy makes the app send it, and callspec waits for it itself (the transcript shows it before turn 1). " +
    "The call's actions are the script the app answers its init_call callback with: expect the first of those (expect: SAY, or COLLECT)",
}

// Schemas, simulation and REST API load with the first call (or a synchronous validate()).
const runtime = lazyRuntime('voxology', () => import('./runtime.js'))

/** Voxology Programmable Voice (CallFlows): the app answers callbacks with scripts the platform runs. */
export const voxology: Driver<VoxologyActions, VoxologyOptions, VoxologyApi, VoxologyKind, VoxologyRuleId, VoxologyEvents> = defineDriver({
  platform: 'voxology',
  actionNames: ACTION_TYPES,
  // A callback's answer is a script: {"actions": [...]}.
  // A script's actions name their kind under `type`: an answer under `actions` whose items name it
  // under `action` is another platform's list under the wrong key (8x8's callflow), not a script
  // (helper-125: an 8x8 app writing `actions` for `callflow` was told to pass platform: 'voxology').
  // Items naming a Voxology action, in its upper case, under `action` (`{"actions": [{"action":
  // "SAY"}]}`) are a script with the key slipped, not 8x8's lower-case callflow actions: named as
  // Voxology's too (newcomer audit N5: a Webex Connect call was asked only "is `platform` right?").
  answersLike: ({ json }) => {
    const actions = typeof json === 'object' && json !== null ? (json as { actions?: unknown }).actions : undefined
    const named = (a: { type?: unknown; action?: unknown }) => typeof a.type === 'string' || (ACTION_TYPES as readonly unknown[]).includes(a.action)
    return Array.isArray(actions) && actions.every((a) => typeof a === 'object' && a !== null && named(a as { type?: unknown; action?: unknown }))
  },
  // Each action of a script: { type: 'SAY', … }.
  actionNameKey: 'type',
  // EnableX's and 8x8's outbound tests expect the make-call as an action; a Voxology app's Make Call
  // (POST /v1/Dials/Connect, Voxology's API reference) is a REST request, and the call's actions are
  // the script its callback gets. Asked whether `platform` was right, a newcomer had the right one.
  notActions: {
    makecall: MAKE_CALL_IS_REST,
    dialsconnect: MAKE_CALL_IS_REST,
  },
  // Every field its webhooks carry, at any depth (the event schemas': test/drivers/event-fields.test.ts).
  eventFields: [
    'type', 'app_id', 'subaccount_id', 'call_id', 'start_time', 'end_time', 'direction', 'duration',
    'status', 'detection', 'caller_no', 'caller_no_city', 'caller_no_region', 'caller_no_country',
    'caller_no_timezone', 'api_no', 'api_no_city', 'api_no_region', 'api_no_country', 'api_no_timezone',
    'key_presses', 'recordings', 'custom_data', 'session_data', 'sip_domain', 'sip_forwarded_for',
    'text_message', 'name', 'digits', 'id',
  ],
  defaultWebhookPath: '/',
  // Base https://api.voxolo.gy/v1 (Voxology's REST API reference).
  vendorOrigins: ['https://api.voxolo.gy'],
  optionNames: allKeys<VoxologyOptions>()(['callbackMethod', 'apiKey', 'appId', 'customData', 'audioDurationsMs', 'conferenceMs', 'numberInfo', 'queueControlFlow', 'requireCollectNames', 'resolveUrl', 'collectTimeout', 'finalCallbackTarget']),
  optionValues: {
    callbackMethod: allValues<VoxologyOptions['callbackMethod']>()(['POST', 'GET']),
    queueControlFlow: allValues<boolean>()([true, false]),
    requireCollectNames: allValues<boolean>()([true, false]),
    finalCallbackTarget: allValues<VoxologyOptions['finalCallbackTarget']>()(['configured', 'last-redirect']),
    collectTimeout: allValues<VoxologyOptions['collectTimeout']>()(['empty-digits', 'no-entry']),
  } satisfies OptionValues<VoxologyOptions>,
  textOptions: textKeys<VoxologyOptions>()(['callbackMethod', 'apiKey', 'appId', 'finalCallbackTarget', 'collectTimeout']),
  // The answer to a callback the app still held when the caller hung up: the final callback
  // (call_end) has gone out, and no call is left to run the script on. [inferred] The docs say
  // nothing of a script that comes after the end (callback-loop.ts #afterEnd: noted, never run).
  answerAfterEnd: 'Voxology runs no script on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)',
  validationKinds: VALIDATION_KINDS,
  rules: VOXOLOGY_RULES,
  load: runtime.load,
  createApi: () => runtime.get().createApi(),
  createCall: (ctx, setup, api) => runtime.get().createCall(ctx, setup, api),
  validate: (kind, payload, rules) => runtime.get().validate(kind, payload, rules),
  checkVendorOptions: (vendor) => runtime.get().checkVendorOptions(vendor),
  jsonSchemas: () => runtime.get().jsonSchemas(),
})
