import type { ExploreResult } from './types.js'

/** What `callspec explore` prints: the size of the tree, then each finding with how to reproduce it. */
export function formatExploreReport(result: ExploreResult): string {
  const s = result.stats
  const bound = s.stoppedBy ? `, stopped by ${s.stoppedBy}` : ''
  const lines = [
    `callspec explore (${result.platform}): ${s.calls} calls, ${s.menus} menus, ${s.nodes} nodes, ${s.edges} edges, depth ${s.depth}, ${(s.wallMs / 1000).toFixed(1)} s${bound}${s.unexpanded ? `, ${s.unexpanded} menus left unexplored (raise maxDepth)` : ''}`,
  ]
  if (result.findings.length === 0) lines.push('  no findings')
  for (const [i, f] of result.findings.entries()) {
    lines.push('', `${i + 1}. [${f.kind}] ${f.message}`)
    lines.push(`   steps: ${f.steps.length ? f.steps.join(' → ') : '(none: the call itself)'}   seed: ${f.seed}`)
    lines.push(`   replay: ${f.repro.split('\n').join('\n           ')}`)
  }
  return lines.join('\n')
}
