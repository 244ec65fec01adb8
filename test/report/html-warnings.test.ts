import { beforeAll, describe, expect, it } from 'vitest'
import { htmlReport } from '../../src/report/index.js'
import type { RunSummary } from '../../src/report/summary.js'
import { sampleRun } from './run-summary.js'

/**
 * audit h124: a passed call's warnings (a rule callspec inferred, at warn) were in the HTML report
 * only inside its folded transcript, so a call that passed with one looked like any other. They
 * show under the call's title, amber (the call stays green), each with its rule and "inferred: …".
 */
let summary: RunSummary
beforeAll(async () => {
  summary = await sampleRun()
}, 30_000)

const INFERRED =
  'turn 2: the app\'s answer to ANSWERED: Unrecognized key: "colour" (received "blue"): ignored, as callspec assumes the vendor does with keys it does not know (rule webex-connect/unknown-keys (inferred: not documented))'

describe('html: a passed call with a warning', () => {
  it('lists the warning under the title, outside the folded transcript, and the call stays passed', () => {
    const [first, ...rest] = summary.results
    const html = htmlReport({ ...summary, results: [{ ...first!, warnings: [INFERRED] }, ...rest.map((r) => ({ ...r, warnings: [] }))] })
    const section = /<section class="call passed" id="call-\d+">\n<h2>✔ balance<\/h2>[^]*?<\/section>/.exec(html)?.[0]
    expect(section).toBeDefined()
    const list = '<ul class="warnings"><li>⚠ turn 2: the app&#39;s answer to ANSWERED: Unrecognized key: &quot;colour&quot;'
    expect(section).toContain(list)
    expect(section).toContain('(rule webex-connect/unknown-keys (inferred: not documented))</li></ul>')
    expect(section!.indexOf(list)).toBeLessThan(section!.indexOf('<details><summary>Transcript'))
  })

  it('shows no list for a call with none', () => {
    const html = htmlReport({ ...summary, results: summary.results.map((r) => ({ ...r, warnings: [] })) })
    expect(html).not.toContain('<ul class="warnings">')
  })
})
