import { defineDriver, type Driver } from '../../src/driver/index.js'
import type { VoxologyOptions } from './behaviour.js'
import { VoxologyCall } from './call.js'
import { VoxologyApi } from './rest-api.js'
import { VOXOLOGY_RULES, type VoxologyRuleId } from './rules.js'
import { ACTION_TYPES, type VoxologyActions } from './schemas.js'
import { VALIDATION_KINDS, validate, type VoxologyKind } from './validate.js'

/** Voxology Programmable Voice (CallFlows): the app answers callbacks with scripts the platform runs. */
export const voxology: Driver<VoxologyActions, VoxologyOptions, VoxologyApi, VoxologyKind, VoxologyRuleId> = defineDriver({
  platform: 'voxology',
  actionNames: ACTION_TYPES,
  defaultWebhookPath: '/',
  // Base https://api.voxolo.gy/v1 (§1).
  vendorOrigins: ['https://api.voxolo.gy'],
  validationKinds: VALIDATION_KINDS,
  rules: VOXOLOGY_RULES,
  createApi: () => new VoxologyApi(),
  createCall: (ctx, setup, api) => new VoxologyCall(ctx, setup, api),
  validate,
})
