/** @module Webex Connect Voice API v1 driver for callspec: schemas, types and the simulation. */
export { webexConnect } from './driver.js'
export { BEHAVIOUR } from './behaviour.js'
export type { WebexOptions } from './behaviour.js'
export { validate, VALIDATION_KINDS } from './validate.js'
export type { WebexKind } from './validate.js'
export { jsonSchemas } from './json-schemas.js'
import { eventSchemas } from './schemas.js'
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
  MakeCallRequestSchema,
  MakeCallResponseSchema,
  ApiErrorSchema,
} from './schemas.js'
// The driver builds these on first use (a call reads actions, never events); this subpath exports
// them as it always has, built as it loads.
export const {
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
} = eventSchemas()
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
