import * as z from 'zod'
import { ActionSchema, EventSchema, MakeCallRequestSchema } from './schemas.js'

/** The payload schemas as JSON Schema (draft 2020-12), for tools outside TypeScript. */
export function jsonSchemas() {
  return {
    action: z.toJSONSchema(ActionSchema),
    event: z.toJSONSchema(EventSchema),
    'make-call': z.toJSONSchema(MakeCallRequestSchema),
  }
}
