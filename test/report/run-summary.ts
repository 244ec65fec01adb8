import { readFileSync } from 'node:fs'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { callTo, drivers } from '../../src/index.js'
import type { RunSummary } from '../../src/report/summary.js'
import type { AnyCallTo } from '../../src/scenario/compile.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { runScenario } from '../../src/scenario/run.js'

/** A real run: the CLI fixtures (two passing calls, one failing) against the example PIN IVR. */
export async function sampleRun(): Promise<RunSummary> {
  const app = createIvrApp(exampleConfig())
  const files = ['test/cli/fixtures/pass.yaml', 'test/cli/fixtures/fail.yaml']
  const scenarios = files.flatMap((f) => parseScenarioFile(readFileSync(f, 'utf8'), f, drivers).scenarios)
  const results = []
  for (const s of scenarios) results.push(await runScenario(s, callTo as unknown as AnyCallTo, app))
  return { results, ms: 1234, startedAt: new Date('2026-11-30T12:00:00Z') }
}
