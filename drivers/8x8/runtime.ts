/**
 * The 8x8 driver's heavy half, loaded on first use (see src/driver/lazy-runtime.ts): the call
 * simulation, the fake REST API and validation, with the zod schemas they build.
 */
import type { CallContext, CallSetup } from '../../src/driver/index.js'
import type { EightByEightOptions } from './behaviour.js'
import { EightByEightCall } from './call.js'
import { EightByEightApi } from './rest-api.js'
import { validate } from './validate.js'
import { eightByEightOptionShapes } from './option-shapes.js'
import { vendorOptionProblems } from '../../src/validation/vendor-option-shapes.js'

export const createApi = () => new EightByEightApi()
export const createCall = (ctx: CallContext, setup: CallSetup<EightByEightOptions>, api: EightByEightApi | undefined) => new EightByEightCall(ctx, setup, api)
export { validate }
export { jsonSchemas } from './json-schemas.js'
export const checkVendorOptions = (vendor: object) => vendorOptionProblems(eightByEightOptionShapes, vendor)
