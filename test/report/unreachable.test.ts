import { describe, expect, it } from 'vitest'
import { AppResponseError } from '../../src/errors/app-response-error.js'
import { jsonReport, junitReport } from '../../src/report/index.js'
import type { ScenarioResult } from '../../src/scenario/run.js'
import type { Scenario } from '../../src/scenario/types.js'

// JUnit's <error> (the app could not be reached) against <failure> (it answered wrongly) is
// decided by the failure's data, `unreachable`: a reworded message must not move a call across.
const scenario: Scenario = { name: 'balance', at: { file: 'pin.yaml', line: 1, column: 1 }, platform: 'webex-connect', parties: {}, steps: [] }
const failed = (message: string, unreachable?: string): ScenarioResult => ({
  scenario,
  status: 'failed',
  ms: 12,
  warnings: [],
  error: { message, error: new AppResponseError(message), ...(unreachable !== undefined ? { unreachable } : {}) },
})
const junitOf = (result: ScenarioResult) => junitReport({ results: [result], ms: 12, startedAt: new Date('2026-11-30T12:00:00Z') })

describe('an app that could not be reached, in the reports', () => {
  it('is an <error> when the failure says so as data, whatever its words', () => {
    const xml = junitOf(failed('[callspec] turn 1, expectAction(\'ANSWER\'): could not connect to the app at 127.0.0.1:9 (connection refused)', '127.0.0.1:9'))
    expect(xml).toContain('<testsuites name="callspec" tests="1" failures="0" errors="1" ')
    expect(xml).toContain('<error message="[callspec] turn 1, expectAction(\'ANSWER\'): could not connect to the app at 127.0.0.1:9 (connection refused)" type="AppResponseError">')
    expect(xml).not.toContain('<failure')
  })

  it('is a <failure> when only the words say it (an app that answered with that text)', () => {
    const xml = junitOf(failed('[callspec] turn 2, expectAction(\'PLAY\'): expected action PLAY, got HANGUP: nothing listens at 127.0.0.1:9: is the app running? (said by the app)'))
    expect(xml).toContain('<testsuites name="callspec" tests="1" failures="1" errors="0" ')
    expect(xml).not.toContain('<error')
  })

  it('json: failure.unreachable is the address nothing listened at, else null', () => {
    const calls = (r: ScenarioResult) => (JSON.parse(jsonReport({ results: [r], ms: 12, startedAt: new Date() })) as { calls: Array<{ failure: { unreachable: unknown } }> }).calls
    expect(calls(failed('refused', '127.0.0.1:9'))[0]!.failure.unreachable).toBe('127.0.0.1:9')
    expect(calls(failed('wrong answer'))[0]!.failure.unreachable).toBeNull()
  })
})
