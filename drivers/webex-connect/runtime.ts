/**
 * The webex-connect driver's heavy half, loaded on first use (see src/driver/lazy-runtime.ts): the call
 * simulation, the fake REST API and validation, with the zod schemas they build.
 */
import type { CallContext, CallSetup } from '../../src/driver/index.js'
import type { WebexOptions } from './behaviour.js'
import { WebexCall } from './call.js'
import { WebexApi } from './rest-api.js'
import { validate } from './validate.js'
import { webexOptionShapes } from './option-shapes.js'
import { vendorOptionProblems } from '../../src/validation/vendor-option-shapes.js'

export const createApi = () => new WebexApi()
export const createCall = (ctx: CallContext, setup: CallSetup<WebexOptions>, api: WebexApi | undefined) => new WebexCall(ctx, setup, api)
export { validate }
export { jsonSchemas } from './json-schemas.js'
export const checkVendorOptions = (vendor: object) => vendorOptionProblems(webexOptionShapes(), vendor)
