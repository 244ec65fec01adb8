/** @module 8x8 Voice (Callflows API, VCA / VSS / VCS webhooks) driver for callspec: schemas, types and the simulation. */
export { eightByEight } from './driver.js'
export { BEHAVIOUR } from './behaviour.js'
export type { EightByEightOptions } from './behaviour.js'
export { STATUS, SESSION_ERROR, ACTION_NAMES } from './codes.js'
export type { SessionError } from './codes.js'
export { validate, VALIDATION_KINDS } from './validate.js'
export type { EightByEightKind } from './validate.js'
export { jsonSchemas } from './json-schemas.js'
export {
  ActionSchema,
  MakeCallActionSchema,
  SayActionSchema,
  SayAndCaptureActionSchema,
  PlayFileActionSchema,
  HangupActionSchema,
  SendCallflowRequestSchema,
  VcaResponseSchema,
  CallflowCreatedSchema,
  CallflowRejectedSchema,
  VcaPayloadSchema,
  VcaWebhookSchema,
  LegSummarySchema,
  VssWebhookSchema,
  VcsWebhookSchema,
} from './schemas.js'
export type {
  Action,
  ActionName,
  MakeCallAction,
  SayAction,
  SayAndCaptureAction,
  PlayFileAction,
  HangupAction,
  SendCallflowRequest,
  VcaResponse,
  VcaWebhook,
  VcaPayload,
  VssWebhook,
  VcsWebhook,
  LegSummary,
  EightByEightActions,
} from './schemas.js'
