import * as z from 'zod'
import { ActionSchema, SendCallflowRequestSchema, VcaResponseSchema, VcaWebhookSchema, VcsWebhookSchema, VssWebhookSchema } from './schemas.js'

/** The payload schemas as JSON Schema (draft 2020-12), for tools outside TypeScript. */
export function jsonSchemas() {
  return {
    action: z.toJSONSchema(ActionSchema),
    callflow: z.toJSONSchema(SendCallflowRequestSchema),
    'vca-response': z.toJSONSchema(VcaResponseSchema),
    vca: z.toJSONSchema(VcaWebhookSchema),
    vss: z.toJSONSchema(VssWebhookSchema),
    vcs: z.toJSONSchema(VcsWebhookSchema),
  }
}
