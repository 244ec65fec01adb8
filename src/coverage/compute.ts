import { GraphBuilder, edgeKey } from '../graph/graph-builder.js'
import type { CallPath } from '../graph/path.js'
import type { CallGraph, GraphEdge, GraphNode } from '../graph/types.js'

export interface MenuCoverage {
  node: GraphNode
  /** Inputs the menu takes: from a saved explorer graph, else from what the platform said it listens for. */
  expected: string[]
  covered: string[]
}

export interface CoverageTotals {
  total: number
  covered: number
  /**
   * 0–100, one decimal; 0 when there is nothing to cover: without a saved graph the menus are the
   * ones the calls reached, so none means calls that failed before any menu, not a job done.
   */
  percent: number
}

export interface CoverageReport {
  menus: MenuCoverage[]
  nodes: CoverageTotals
  /** Each expected input at each menu. */
  edges: CoverageTotals
  /** The graph of the run, merged with the saved one: what the flowchart draws. */
  graph: CallGraph
  /** `edgeKey`s of the edges the run took. */
  coveredEdges: string[]
  calls: number
}

const totals = (total: number, covered: number): CoverageTotals => ({ total, covered, percent: total === 0 ? 0 : Math.round((covered / total) * 1000) / 10 })

/**
 * Menu coverage of a set of calls: for every menu the calls (or a saved explorer graph) know, the
 * inputs it takes and which of them some call used. A key the menu has no edge for counts as its
 * `invalid` entry.
 */
export function computeCoverage(paths: readonly CallPath[], saved?: CallGraph): CoverageReport {
  const run = new GraphBuilder(saved?.platform ?? 'unknown')
  for (const p of paths) run.addPath(p)
  const ran = run.graph()
  const nodes = new Map<string, GraphNode>()
  for (const n of [...(saved?.nodes ?? []), ...ran.nodes]) if (!nodes.has(n.id)) nodes.set(n.id, n)
  const savedFrom = (id: string) => (saved?.edges ?? []).filter((e) => e.from === id)
  const menus: MenuCoverage[] = []
  const coveredEdges = new Set<string>()
  for (const node of nodes.values()) {
    if (node.kind !== 'menu') continue
    const known = savedFrom(node.id)
    const observed = ran.edges.filter((e) => e.from === node.id)
    const expected = known.length > 0 ? unique(known.map((e) => e.input)) : fromListening(node, observed)
    const expectedSet = new Set(expected.filter((i) => i !== 'hangup'))
    const covered = new Set<string>()
    for (const e of observed) {
      const label = classify(e, expectedSet)
      if (label === 'hangup') continue
      expectedSet.add(label)
      covered.add(label)
      const match = known.find((k) => k.input === label) ?? e
      coveredEdges.add(edgeKey(match))
      coveredEdges.add(edgeKey(e))
    }
    menus.push({ node, expected: [...expectedSet], covered: [...expectedSet].filter((i) => covered.has(i)) })
  }
  // Every call starts at the start node: the edges the calls took from there are exercised too.
  for (const e of ran.edges) if (nodes.get(e.from)?.kind === 'start') coveredEdges.add(edgeKey(e))
  const edgesTotal = menus.reduce((n, m) => n + m.expected.length, 0)
  const edgesCovered = menus.reduce((n, m) => n + m.covered.length, 0)
  const reached = new Set(ran.nodes.map((n) => n.id))
  const merged: CallGraph = { platform: ran.platform, nodes: [...nodes.values()], edges: mergeEdges(saved?.edges ?? [], ran.edges) }
  return {
    menus,
    nodes: totals(menus.length, menus.filter((m) => reached.has(m.node.id)).length),
    edges: totals(edgesTotal, edgesCovered),
    graph: merged,
    coveredEdges: [...coveredEdges],
    calls: paths.length,
  }
}

/** Without a saved graph: what the calls did there, a one-key menu's invalid key, and the timeout. */
function fromListening(node: GraphNode, observed: GraphEdge[]): string[] {
  const oneKey = node.digits && (node.maxDigits === 1 || (node.maxDigits === undefined && !node.terminator))
  return unique([...observed.map((e) => e.input), ...(oneKey ? ['invalid'] : []), 'timeout'])
}

function classify(edge: GraphEdge, expected: ReadonlySet<string>): string {
  if (expected.has(edge.input)) return edge.input
  if (edge.kind === 'digits' && expected.has('invalid')) return 'invalid'
  if (edge.kind === 'speech' && expected.has('other speech')) return 'other speech'
  return edge.input
}

function mergeEdges(a: GraphEdge[], b: GraphEdge[]): GraphEdge[] {
  const out = new Map<string, GraphEdge>()
  for (const e of [...a, ...b]) if (!out.has(edgeKey(e))) out.set(edgeKey(e), e)
  return [...out.values()]
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)]
