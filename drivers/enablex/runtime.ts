/**
 * The enablex driver's heavy half, loaded on first use (see src/driver/lazy-runtime.ts): the call
 * simulation, the fake REST API and validation, with the zod schemas they build.
 */
import type { CallContext, CallSetup } from '../../src/driver/index.js'
import type { EnableXOptions } from './behaviour.js'
import { EnableXCall } from './call.js'
import { EnableXApi } from './rest-api.js'
import { validate } from './validate.js'
import { enableXOptionShapes } from './option-shapes.js'
import { vendorOptionProblems } from '../../src/validation/vendor-option-shapes.js'

export const createApi = () => new EnableXApi()
export const createCall = (ctx: CallContext, setup: CallSetup<EnableXOptions>, api: EnableXApi | undefined) => new EnableXCall(ctx, setup, api)
export { validate }
export { jsonSchemas } from './json-schemas.js'
export const checkVendorOptions = (vendor: object) => vendorOptionProblems(enableXOptionShapes, vendor)
