/** @module Voxology Programmable Voice (CallFlows) driver for callspec: schemas, the script interpreter and the simulation. */
export { voxology } from './driver.js'
export { BEHAVIOUR } from './behaviour.js'
export { LIMITS } from './limits.js'
export type { VoxologyOptions, NumberInfo } from './behaviour.js'
export { validate, VALIDATION_KINDS } from './validate.js'
export type { VoxologyKind } from './validate.js'
export { jsonSchemas } from './json-schemas.js'
export { checkScript, NATIVE_VARIABLES } from './script.js'
export type { CheckedScript, ScriptRules } from './script.js'
export { parseExpression, printExpression, variablesOf } from './expression/parse.js'
export type { Expr } from './expression/parse.js'
export { evaluate, resolvePath } from './expression/evaluate.js'
export type { Read } from './expression/evaluate.js'
export { tokenize, ExpressionError } from './expression/tokenize.js'
export type { Token, Operator } from './expression/tokenize.js'
export { renderTemplate, templatePaths } from './expression/template.js'
export {
  ACTION_TYPES,
  ActionSchema,
  ScriptSchema,
  SayActionSchema,
  PlayActionSchema,
  PromptActionSchema,
  FinishKeySchema,
  CollectActionSchema,
  ConferenceActionSchema,
  LabelActionSchema,
  GotoActionSchema,
  IfActionSchema,
  SessionDataActionSchema,
  RedirectActionSchema,
  HangupActionSchema,
  DialActionSchema,
  RecordActionSchema,
  QueueActionSchema,
  DetectActionSchema,
  KeyPressSchema,
  RecordingSchema,
  CallbackRequestSchema,
  MakeCallRequestSchema,
  MakeCallResponseSchema,
  CallLogSchema,
  ApiErrorSchema,
} from './schemas.js'
export type {
  Action,
  ActionType,
  Script,
  SayAction,
  PlayAction,
  PromptAction,
  CollectAction,
  ConferenceAction,
  LabelAction,
  GotoAction,
  IfAction,
  SessionDataAction,
  RedirectAction,
  HangupAction,
  DialAction,
  RecordAction,
  QueueAction,
  DetectAction,
  KeyPress,
  Recording,
  CallbackRequest,
  MakeCallRequest,
  CallLog,
  VoxologyActions,
} from './schemas.js'
