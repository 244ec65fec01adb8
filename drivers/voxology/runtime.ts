/**
 * The voxology driver's heavy half, loaded on first use (see src/driver/lazy-runtime.ts): the call
 * simulation, the fake REST API and validation, with the zod schemas they build.
 */
import type { CallContext, CallSetup } from '../../src/driver/index.js'
import type { VoxologyOptions } from './behaviour.js'
import { VoxologyCall } from './call.js'
import { VoxologyApi } from './rest-api.js'
import { validate } from './validate.js'
import { voxologyOptionShapes } from './option-shapes.js'
import { vendorOptionProblems } from '../../src/validation/vendor-option-shapes.js'

export const createApi = () => new VoxologyApi()
export const createCall = (ctx: CallContext, setup: CallSetup<VoxologyOptions>, api: VoxologyApi | undefined) => new VoxologyCall(ctx, setup, api)
export { validate }
export { jsonSchemas } from './json-schemas.js'
export const checkVendorOptions = (vendor: object) => vendorOptionProblems(voxologyOptionShapes, vendor)
