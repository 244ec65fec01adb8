import * as z from 'zod'
import { ActionSchema, CallbackRequestSchema, MakeCallRequestSchema, ScriptSchema } from './schemas.js'

/** The payload schemas as JSON Schema (draft 2020-12), for tools outside TypeScript. */
export function jsonSchemas() {
  return {
    script: z.toJSONSchema(ScriptSchema),
    action: z.toJSONSchema(ActionSchema),
    callback: z.toJSONSchema(CallbackRequestSchema),
    'make-call': z.toJSONSchema(MakeCallRequestSchema),
  }
}
