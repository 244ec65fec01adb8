/** @module EnableX Voice API (v1 routes) driver for callspec: schemas, types and the simulation. */
export { enablex } from './driver.js'
export { BEHAVIOUR } from './behaviour.js'
export type { EnableXOptions } from './behaviour.js'
export { validate, VALIDATION_KINDS } from './validate.js'
export type { EnableXKind } from './validate.js'
export { jsonSchemas } from './json-schemas.js'
export { encryptEvent, decryptEvent, bytesToKey } from './encryption.js'
export { EnableXApi } from './rest-api.js'
export {
  PlayRequestSchema,
  ConnectRequestSchema,
  TransferRequestSchema,
  ForwardRequestSchema,
  HoldRequestSchema,
  RecordingRequestSchema,
  EmptyBodySchema,
  ActionOnConnectSchema,
  MakeCallRequestSchema,
  TextToSpeechOptionSchema,
  SayAsSchema,
  IncomingCallEventSchema,
  CallStateEventSchema,
  PlayEventSchema,
  SpeechEventSchema,
  DtmfEventSchema,
  BridgeEventSchema,
  RecordingEventSchema,
  TransferEventSchema,
  HoldEventSchema,
  EventSchema,
  EncryptedEventSchema,
  MakeCallResponseSchema,
  ApiErrorSchema,
  ActionSchema,
  REQUEST_SCHEMAS,
} from './schemas.js'
export type {
  PlayRequest,
  ConnectRequest,
  TransferRequest,
  ForwardRequest,
  HoldRequest,
  RecordingRequest,
  MakeCallRequest,
  ActionOnConnect,
  EmptyBody,
  Event,
  ActionName,
  EnableXActions,
} from './schemas.js'
