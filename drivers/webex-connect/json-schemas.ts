import * as z from 'zod'
import { ActionSchema, eventSchemas, MakeCallRequestSchema } from './schemas.js'

/** The payload schemas as JSON Schema (draft 2020-12), for tools outside TypeScript. */
export function jsonSchemas() {
  return {
    action: z.toJSONSchema(ActionSchema),
    event: z.toJSONSchema(eventSchemas().EventSchema),
    'make-call': z.toJSONSchema(MakeCallRequestSchema),
  }
}
