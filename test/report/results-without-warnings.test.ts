import { beforeAll, describe, expect, it } from 'vitest'
import { jsonReport, prettyReport } from '../../src/report/index.js'
import type { RunSummary } from '../../src/report/summary.js'
import type { ScenarioResult } from '../../src/scenario/index.js'
import { sampleRun } from './run-summary.js'

/**
 * `ScenarioResult.warnings` is optional: results built by a tool of the user's own, or by code
 * from before callspec kept a call's warnings in its result, have none, and the reports
 * (`callspec/scenarios`' prettyReport, jsonReport) read them as no warnings rather than throwing.
 * The calls are real: the CLI fixtures run against the example PIN IVR over HTTP.
 */
let summary: RunSummary
beforeAll(async () => {
  summary = await sampleRun()
}, 30_000)

/** The result as older code (or a user's tool) builds it: no warnings key. */
const withoutWarnings = ({ warnings: _, ...rest }: ScenarioResult): ScenarioResult => rest

describe('reports of results with no warnings property', () => {
  it('pretty lists the calls as for results with none', () => {
    const old = prettyReport({ ...summary, results: summary.results.map(withoutWarnings) })
    const none = prettyReport({ ...summary, results: summary.results.map((r) => ({ ...r, warnings: [] })) })
    expect(old).toBe(none)
    expect(old).toMatch(/^✔ balance \(test\/cli\/fixtures\/pass\.yaml:5, \d+ ms\)\n✔ wrong PIN three times .*\n✖ a wrong PIN is not patched through/)
    expect(old).not.toContain('⚠')
  })

  it('json gives each call warnings: [], as for a call with none', () => {
    const json = JSON.parse(jsonReport({ ...summary, results: summary.results.map(withoutWarnings) }))
    expect(json.calls.map((c: { warnings: unknown }) => c.warnings)).toEqual([[], [], []])
  })

  it('a result that has warnings still shows them', () => {
    const [first, ...rest] = summary.results
    const text = prettyReport({ ...summary, results: [{ ...first!, warnings: ['turn 2: something callspec inferred'] }, ...rest.map(withoutWarnings)] })
    expect(text).toContain('  ⚠ turn 2: something callspec inferred')
  })
})
