import * as z from 'zod'
import { EventSchema, REQUEST_SCHEMAS, type ActionName } from './schemas.js'

type JsonSchema = z.core.JSONSchema.BaseSchema

/** The payload schemas as JSON Schema (draft 2020-12), for tools outside TypeScript: events and each request body. */
export function jsonSchemas(): Record<'event' | ActionName, JsonSchema> {
  const out: Record<string, JsonSchema> = { event: z.toJSONSchema(EventSchema) }
  for (const [route, schema] of Object.entries(REQUEST_SCHEMAS)) out[route] = z.toJSONSchema(schema as z.ZodType)
  return out as Record<'event' | ActionName, JsonSchema>
}
