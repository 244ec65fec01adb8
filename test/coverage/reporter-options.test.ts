import { describe, expect, it } from 'vitest'
import CallspecCoverageReporter from '../../src/coverage/reporter.js'

/** The error onInit() fails the run with, before any test, for these options. */
function refused(options: object): string {
  try {
    new CallspecCoverageReporter(options as never).onInit()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('onInit() took the options')
}

// newcomer audit-119: `thresholds: { inputs: 80 }`, the report's own word, was read as no threshold, and a run at 33% passed.
describe("the coverage reporter's options", () => {
  it('refuses a threshold under a name it does not know, with the one meant', () => {
    expect(refused({ thresholds: { input: 80 } })).toBe(
      '[callspec] the coverage reporter has no threshold "input" (did you mean "inputs"?): thresholds are { inputs: <percent>, menus: <percent> }, such as { inputs: 80 } (edges and nodes are the same two, by the graph\'s names).',
    )
    expect(refused({ thresholds: { menu: 100 } })).toContain('no threshold "menu" (did you mean "menus"?)')
  })

  it('refuses an option it does not have, a threshold that is no percent, and one given twice under both its names', () => {
    expect(refused({ threshold: { inputs: 80 } })).toBe('[callspec] the coverage reporter has no option "threshold" (did you mean "thresholds"?): its options are thresholds, graph, outputDir, write.')
    expect(refused({ outDir: 'cov' })).toBe('[callspec] the coverage reporter has no option "outDir": its options are thresholds, graph, outputDir, write.')
    expect(refused({ thresholds: { inputs: '80' } })).toBe('[callspec] the coverage reporter\'s threshold inputs is a percent from 0 to 100, got "80".')
    expect(refused({ thresholds: { menus: 800 } })).toContain('threshold menus is a percent from 0 to 100, got 800')
    expect(refused({ thresholds: 80 })).toContain("the coverage reporter's thresholds are { inputs: <percent>, menus: <percent> }")
    expect(refused({ thresholds: { inputs: 80, edges: 60 } })).toContain('give inputs twice, as inputs: 80 and edges: 60')
  })
})
