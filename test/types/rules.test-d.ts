/**
 * Type tests, checked by `tsc`: rule ids autocomplete per platform in callTo() and validate(),
 * levels are 'off' | 'warn' | 'error', and another platform's rule is a type error.
 */
import { expectTypeOf, test } from 'vitest'
import { callTo, validate, type CallOptions, type Drivers, type RuleIdOf, type RuleLevel } from '../../src/index.js'

declare const app: (req: unknown, res: unknown) => void

test('rule ids are per platform', () => {
  expectTypeOf<RuleIdOf<Drivers['8x8']>>().toExtend<`8x8/${string}`>()
  expectTypeOf<'8x8/unknown-keys'>().toExtend<RuleIdOf<Drivers['8x8']>>()
  expectTypeOf<'webex-connect/answer-only-after-accepted'>().toExtend<RuleIdOf<Drivers['webex-connect']>>()
  expectTypeOf<'enablex/error-answers'>().toExtend<RuleIdOf<Drivers['enablex']>>()
  expectTypeOf<'voxology/collect-names'>().toExtend<RuleIdOf<Drivers['voxology']>>()
  expectTypeOf<NonNullable<CallOptions<'8x8', Drivers['8x8']>['rules']>['8x8/unknown-keys']>().toEqualTypeOf<RuleLevel | undefined>()
})

test('callTo() and validate() take strict, rules and warnings', () => {
  callTo(app, { platform: '8x8', strict: true, rules: { '8x8/unknown-keys': 'error', '8x8/hangup-not-last': 'off' }, warnings: 'silent' })
  // @ts-expect-error a Webex Connect rule on an 8x8 call
  callTo(app, { platform: '8x8', rules: { 'webex-connect/unknown-keys': 'off' } })
  // @ts-expect-error levels are 'off' | 'warn' | 'error'
  callTo(app, { platform: 'voxology', rules: { 'voxology/collect-names': 'ignore' } })
  // @ts-expect-error warnings are 'print' | 'silent'
  callTo(app, { platform: 'enablex', warnings: 'quiet' })
  validate('webex-connect', 'action', {}, { rules: { 'webex-connect/unknown-keys': 'error' } })
  // @ts-expect-error an EnableX rule in a Webex Connect validate()
  validate('webex-connect', 'action', {}, { rules: { 'enablex/unknown-keys': 'error' } })
})
