import * as z from 'zod'
import { EventSchema, REQUEST_SCHEMAS, type ActionName } from './schemas.js'

type JsonSchema = z.core.JSONSchema.BaseSchema

/**
 * A make-call's event_url: at the top level (EnableX's JSON example, samples) or under
 * action_on_connect (its field table), at least one (schemas.ts MakeCallRequestSchema). zod's
 * refinement does not reach JSON Schema, so it is said here.
 */
const EVENT_URL_AT_EITHER_LEVEL: JsonSchema[] = [
  { required: ['event_url'] },
  { required: ['action_on_connect'], properties: { action_on_connect: { required: ['event_url'] } } },
]

/** The payload schemas as JSON Schema (draft 2020-12), for tools outside TypeScript: events and each request body. */
export function jsonSchemas(): Record<'event' | ActionName, JsonSchema> {
  const out: Record<string, JsonSchema> = { event: z.toJSONSchema(EventSchema) }
  for (const [route, schema] of Object.entries(REQUEST_SCHEMAS)) out[route] = z.toJSONSchema(schema as z.ZodType)
  out['make-call'] = { ...out['make-call'], anyOf: EVENT_URL_AT_EITHER_LEVEL }
  return out as Record<'event' | ActionName, JsonSchema>
}
