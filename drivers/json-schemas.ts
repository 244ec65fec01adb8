/**
 * Every platform's payload schemas as JSON Schema, by platform: what the scenario JSON Schemas
 * take their action names and fields from. Like index.ts, a registry that imports every vendor.
 */
import { jsonSchemas as eightByEight } from './8x8/json-schemas.js'
import { jsonSchemas as enablex } from './enablex/json-schemas.js'
import { jsonSchemas as voxology } from './voxology/json-schemas.js'
import { jsonSchemas as webexConnect } from './webex-connect/json-schemas.js'

export const payloadJsonSchemas: Record<string, () => Record<string, unknown>> = {
  'webex-connect': webexConnect,
  enablex,
  '8x8': eightByEight,
  voxology,
}
