/** @module Webex Connect Voice API v1 driver for callspec: schemas, types and the simulation. */
export { webexConnect } from './driver.js'
export { BEHAVIOUR } from './behaviour.js'
export type { WebexOptions } from './behaviour.js'
export { validate, VALIDATION_KINDS } from './validate.js'
export type { WebexKind } from './validate.js'
export { jsonSchemas } from './json-schemas.js'
export {
  AudioSchema,
  UrlAudioSchema,
  TtsAudioSchema,
  MediaAudioSchema,
  ActionSchema,
  AnswerActionSchema,
  PlayActionSchema,
  CollectInputSchema,
  StreamInputSchema,
  PatchActionSchema,
  RecordActionSchema,
  HangupActionSchema,
  RejectActionSchema,
  EventSchema,
  AcceptedEventSchema,
  AnsweredEventSchema,
  DroppedEventSchema,
  PlayedEventSchema,
  StreamedEventSchema,
  RecordedEventSchema,
  PatchedEventSchema,
  CollectedDigitsEventSchema,
  VmDetectedEventSchema,
  FailureEventSchema,
  MakeCallRequestSchema,
  MakeCallResponseSchema,
  ApiErrorSchema,
} from './schemas.js'
export type {
  Audio,
  Action,
  AnswerAction,
  PlayAction,
  PatchAction,
  RecordAction,
  HangupAction,
  RejectAction,
  Event,
  EventName,
  MakeCallRequest,
  WebexActions,
} from './schemas.js'
