import { scenarioSteps } from '../scenario/written-steps.js'
import { OPTION_OF } from './stopped-line.js'
import { inputStep } from './emit-scenarios.js'
import { scenarioYamlText } from './scenario-yaml.js'
import type { ExploreResult, Finding } from './types.js'

export interface ExploreReportOptions {
  /**
   * Each finding's replay as a scenario file for `callspec run` comes first, before the TypeScript
   * chain: for an app explored by URL (`callspec explore http://…`), likely in another language,
   * whose tester runs scenario files, not vitest.
   */
  scenarioFirst?: boolean
  /** What the scenario file says besides the call: the app's URL, the webhook path, vendor options. */
  target?: string
  webhookPath?: string
  /** The call's numbers (`callspec explore --from/--to`), written as the scenario's from:/to:. */
  from?: string
  to?: string
  vendor?: Record<string, unknown>
  /** The exploration had a setup() (fromCaller, startedBy…), which a scenario file must say itself. */
  setup?: boolean
  /**
   * The exploration's `strict` and `rules`, written into each replay: without them a strict
   * exploration's app-error by a rule callspec inferred replayed at the default level, where that
   * rule only warns, and passed (helper-124's audit).
   */
  strict?: boolean
  rules?: Record<string, string>
}

/**
 * What `callspec explore` prints: the size of the tree, then each finding with how to reproduce
 * it, as a scenario file (`callspec run`) and as a TypeScript chain, in the order `scenarioFirst` says.
 */
export function formatExploreReport(result: ExploreResult, options: ExploreReportOptions = {}): string {
  const s = result.stats
  // In the command's option names: its reader wrote --time-limit, not timeLimitMs.
  const bound = s.stoppedBy ? `, stopped by ${OPTION_OF[s.stoppedBy]}` : ''
  const lines = [
    `callspec explore (${result.platform}): ${s.calls} calls, ${s.menus} menus, ${s.nodes} nodes, ${s.edges} edges, depth ${s.depth}, ${(s.wallMs / 1000).toFixed(1)} s${bound}${s.unexpanded ? `, ${s.unexpanded} menus left unexplored (raise --max-depth)` : ''}`,
  ]
  if (result.findings.length === 0) lines.push('  no findings')
  for (const [i, f] of result.findings.entries()) {
    lines.push('', `${i + 1}. [${f.kind}] ${f.message}`)
    lines.push(`   steps: ${f.steps.length ? f.steps.join(' → ') : '(none: the call itself)'}   seed: ${f.seed}`)
    const typescript = `   replay (TypeScript): ${f.repro.split('\n').join('\n           ')}`
    const scenario = `   scenario (callspec run):\n${scenarioOf(result, f, options)
      .trimEnd()
      .split('\n')
      .map((l) => `     ${l}`)
      .join('\n')}`
    lines.push(...(options.scenarioFirst ? [scenario, typescript] : [typescript, scenario]))
    // Only a failure fails its replay: one that shows a loop or a dead end passes as long as the app
    // does it, and was read as fixed (audit-122).
    if (f.kind !== 'app-error') lines.push(`   (its replay passes: it plays the call that shows this, and no step fails on it; write the step the call should take instead, and that fails until the app is fixed)`)
  }
  // Once each, not per call; a rule at warn is no finding, and most are callspec's own inferences.
  const warnings = result.warnings ?? []
  if (warnings.length > 0) {
    lines.push('', `warnings (${warnings.length}, each once): not findings, rules at warn that fail no call; "inferred" marks callspec's own reading where the vendor is silent, not a vendor error`)
    lines.push(...warnings.map((w) => `  ⚠ ${w}`))
  }
  lines.push(...unmatchedHintLines(result))
  return lines.join('\n')
}

/** Prompts listed under hints that matched none, at most. */
const LISTED_PROMPTS = 12

/**
 * The hints that matched no prompt, last: each was never entered, so the branch it was written for
 * went unexplored, and the report said nothing (helper-137 finding 02). Under them, the prompts a
 * hint is entered at, as the graph has them, for the tester to write the hint against.
 */
function unmatchedHintLines(result: ExploreResult): string[] {
  const keys = result.unmatchedHints ?? []
  if (keys.length === 0) return []
  const menus = result.graph.nodes.filter((n) => n.kind === 'menu')
  // Where a hint is entered (inputs.ts): an entry or speech, not a menu the app said takes one key.
  const entries = menus.filter((n) => n.speech || (n.digits && n.maxDigits !== 1))
  const prompts = [...new Set((entries.length > 0 ? entries : menus).map((n) => n.prompt || n.label))]
  const named = keys.map((k) => (/^\/.+\/[a-z]*$/.test(k) ? k : JSON.stringify(k))).join(', ')
  const lines = ['', `${keys.length === 1 ? 'hint' : 'hints'} that matched no prompt, so never entered: ${named}`]
  if (prompts.length === 0) return [...lines, '  no prompt was reached to match it against']
  lines.push(`  A hint is a piece of a prompt (any case) or a /regexp/, matched against each prompt as the caller heard it and with its numbers folded to #. The prompts ${entries.length > 0 ? 'where a hint is entered' : 'reached'}, folded:`)
  lines.push(...prompts.slice(0, LISTED_PROMPTS).map((p) => `    ${JSON.stringify(p)}`))
  if (prompts.length > LISTED_PROMPTS) lines.push(`    … and ${prompts.length - LISTED_PROMPTS} more (--graph saves every prompt)`)
  return lines
}

/**
 * The finding's call as a whole scenario file: its seed, its inputs as `--emit-scenarios` writes
 * them (the app's actions between two inputs expected by name, so each waits for the app's
 * answer), and `unconsumed: ignore`, since it expects no other action (as the TypeScript replay does).
 */
function scenarioOf(result: ExploreResult, f: Finding, options: ExploreReportOptions): string {
  const steps = f.inputs.length > 0 ? scenarioSteps(f.scenarioSteps ?? f.inputs.map(inputStep), []) : ['silent']
  const doc = {
    platform: result.platform,
    ...(options.target && { target: options.target }),
    ...(options.webhookPath && { webhookPath: options.webhookPath }),
    ...(options.from && { from: options.from }),
    ...(options.to && { to: options.to }),
    ...(options.vendor && { vendor: options.vendor }),
    ...(options.strict !== undefined && { strict: options.strict }),
    ...(options.rules && { rules: options.rules }),
    seed: f.seed,
    unconsumed: 'ignore',
    steps,
  }
  const setup = options.setup ? '# Your setup() is not in here: write its from:, startedBy:… as settings.\n' : ''
  return `${setup}${scenarioYamlText(doc)}`
}
