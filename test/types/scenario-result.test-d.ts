/**
 * Type tests, checked by `tsc`: a ScenarioResult built without warnings (by a tool of the user's
 * own, or by code from before callspec kept them) is still a ScenarioResult the reports take.
 */
import { expectTypeOf, test } from 'vitest'
import type { ScenarioResult, RunSummary } from '../../src/scenario/index.js'

declare const scenario: ScenarioResult['scenario']

test('warnings is optional in ScenarioResult, and readonly strings when there', () => {
  const old: ScenarioResult = { scenario, status: 'passed', ms: 12 }
  const summary: RunSummary = { results: [old], ms: 12, startedAt: new Date() }
  expectTypeOf(summary.results[0]!.warnings).toEqualTypeOf<readonly string[] | undefined>()
  // @ts-expect-error warnings are strings
  const wrong: ScenarioResult = { scenario, status: 'passed', ms: 12, warnings: [1] }
  void wrong
})
