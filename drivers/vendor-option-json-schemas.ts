/**
 * Every platform's `vendor` options as JSON Schema, by platform, made from the zod shapes a call
 * checks them with (drivers/<platform>/option-shapes.ts): what the scenario JSON Schema's `vendor`
 * takes, so an editor flags what `callspec run` refuses. Like json-schemas.ts, a registry that
 * imports every vendor.
 */
import { vendorOptionsJsonSchema } from '../src/validation/vendor-option-shapes.js'
import { eightByEightOptionShapes } from './8x8/option-shapes.js'
import { enableXOptionShapes } from './enablex/option-shapes.js'
import { voxologyOptionShapes } from './voxology/option-shapes.js'
import { webexOptionShapes } from './webex-connect/option-shapes.js'

export const vendorOptionJsonSchemas: Record<string, () => Record<string, unknown>> = {
  'webex-connect': () => vendorOptionsJsonSchema(webexOptionShapes()),
  enablex: () => vendorOptionsJsonSchema(enableXOptionShapes),
  '8x8': () => vendorOptionsJsonSchema(eightByEightOptionShapes),
  voxology: () => vendorOptionsJsonSchema(voxologyOptionShapes),
}
