import { CallspecUsageError } from '../errors/usage-error.js'
import { didYouMeanName } from '../validation/did-you-mean.js'
import type { CoverageThresholds } from './format.js'

/** The reporter's options, as `reporters: [['callspec/coverage/reporter', {…}]]` may name them. */
const OPTION_NAMES = ['thresholds', 'graph', 'outputDir', 'write'] as const
/** Each threshold's names: the report's (`inputs`, `menus`) and the graph's (`edges`, `nodes`). */
const THRESHOLD_NAMES = ['inputs', 'menus', 'edges', 'nodes'] as const satisfies ReadonlyArray<keyof CoverageThresholds>

const meant = didYouMeanName

/**
 * The reporter's options, checked before any test runs. Its options sit in an untyped tuple of
 * vitest's `reporters`, so nothing else catches a misspelt one, and a threshold under a name the
 * reporter did not read was no threshold at all: `{ input: 80 }` let a run at 33% pass (newcomer
 * audit-119, where the report, its ERROR line and the CLI all say `inputs`).
 */
export function checkReporterOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) throw usage(`the coverage reporter's options are an object ({ thresholds, graph, outputDir }), got ${JSON.stringify(options)}`)
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) throw usage(`the coverage reporter has no option ${JSON.stringify(key)}${meant(key, OPTION_NAMES)}: its options are ${OPTION_NAMES.join(', ')}`)
  }
  const { thresholds } = options as { thresholds?: unknown }
  if (thresholds !== undefined) checkThresholds(thresholds)
}

function checkThresholds(thresholds: unknown): void {
  const form = '{ inputs: <percent>, menus: <percent> }, such as { inputs: 80 }'
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) throw usage(`the coverage reporter's thresholds are ${form}; got ${JSON.stringify(thresholds)}`)
  for (const [key, value] of Object.entries(thresholds)) {
    if (!(THRESHOLD_NAMES as readonly string[]).includes(key)) throw usage(`the coverage reporter has no threshold ${JSON.stringify(key)}${meant(key, THRESHOLD_NAMES)}: thresholds are ${form} (edges and nodes are the same two, by the graph's names)`)
    if (typeof value !== 'number' || !(value >= 0 && value <= 100)) throw usage(`the coverage reporter's threshold ${key} is a percent from 0 to 100, got ${JSON.stringify(value)}`)
  }
  const t = thresholds as CoverageThresholds
  for (const [name, alias] of [['inputs', 'edges'], ['menus', 'nodes']] as const) {
    if (t[name] !== undefined && t[alias] !== undefined && t[name] !== t[alias]) throw usage(`the coverage reporter's thresholds give ${name} twice, as ${name}: ${t[name]} and ${alias}: ${t[alias]} (the graph's name for it): give one`)
  }
}

const usage = (problem: string) => new CallspecUsageError(`[callspec] ${problem}.`)
