import { GraphBuilder, edgeKey } from '../graph/graph-builder.js'
import { offeredKeys } from '../graph/normalise.js'
import type { CallPath } from '../graph/path.js'
import type { CallGraph, GraphEdge, GraphNode } from '../graph/types.js'

export interface MenuCoverage {
  node: GraphNode
  /** Inputs the menu takes: from a saved explorer graph, else from what the platform said it listens for. */
  expected: string[]
  covered: string[]
  /** Some call of the run reached the menu (one only a saved graph knows may not be). */
  reached: boolean
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
  /** Why the saved graph may not describe the app the calls reached (stale-graph.ts), if any. */
  warnings?: string[]
}

const totals = (total: number, covered: number): CoverageTotals => ({ total, covered, percent: total === 0 ? 0 : Math.round((covered / total) * 1000) / 10 })

/**
 * Menu coverage of a set of calls: for every menu the calls (or a saved explorer graph) know, the
 * inputs it takes and which of them some call used. A key the menu has no edge for counts as its
 * `invalid` entry; without a saved graph, so does a key the menu's prompt does not offer (see
 * `heardAs`).
 */
export function computeCoverage(paths: readonly CallPath[], saved?: CallGraph): CoverageReport {
  const run = new GraphBuilder(saved?.platform ?? 'unknown')
  for (const p of paths) run.addPath(p)
  const ran = run.graph()
  // A node the run reached is the run's (in the saved graph's order): its label is today's, with
  // the menu keys that a graph saved by an earlier version folded (`Press # …`).
  const nodes = new Map<string, GraphNode>()
  for (const n of [...(saved?.nodes ?? []), ...ran.nodes]) nodes.set(n.id, n)
  const savedFrom = (id: string) => (saved?.edges ?? []).filter((e) => e.from === id)
  const menus: MenuCoverage[] = []
  const coveredEdges = new Set<string>()
  for (const node of nodes.values()) {
    if (node.kind !== 'menu') continue
    const known = savedFrom(node.id)
    const observed = ran.edges.filter((e) => e.from === node.id)
    const heard = (e: GraphEdge) => heardAs(e, node, nodes)
    const expected = known.length > 0 ? unique(known.map((e) => e.input)) : fromListening(node, observed.map(heard))
    const expectedSet = new Set(expected.filter((i) => i !== 'hangup'))
    const covered = new Set<string>()
    for (const e of observed) {
      const label = known.length > 0 ? classify(e, expectedSet, known) : heard(e)
      // A hang-up is no input of the menu's to cover (it counts in no figure), but a call took
      // it: the graph draws it so, not as an input no call took (newcomer audit-119).
      if (label === 'hangup') {
        coveredEdges.add(edgeKey(e))
        continue
      }
      expectedSet.add(label)
      covered.add(label)
      const match = known.find((k) => k.input === label) ?? e
      coveredEdges.add(edgeKey(match))
      coveredEdges.add(edgeKey(e))
    }
    menus.push({ node, expected: [...expectedSet], covered: [...expectedSet].filter((i) => covered.has(i)), reached: false })
  }
  // Every call starts at the start node: the edges the calls took from there are exercised too.
  for (const e of ran.edges) if (nodes.get(e.from)?.kind === 'start') coveredEdges.add(edgeKey(e))
  const edgesTotal = menus.reduce((n, m) => n + m.expected.length, 0)
  const edgesCovered = menus.reduce((n, m) => n + m.covered.length, 0)
  const reached = new Set(ran.nodes.map((n) => n.id))
  for (const m of menus) m.reached = reached.has(m.node.id)
  const merged: CallGraph = { platform: ran.platform, nodes: [...nodes.values()], edges: mergeEdges(saved?.edges ?? [], ran.edges) }
  return {
    menus,
    nodes: totals(menus.length, menus.filter((m) => m.reached).length),
    edges: totals(edgesTotal, edgesCovered),
    graph: merged,
    coveredEdges: [...coveredEdges],
    calls: paths.length,
  }
}

/**
 * Without a saved graph: what the calls did there (a key the prompt does not offer as `invalid`),
 * a one-key menu's invalid key, and the timeout.
 */
function fromListening(node: GraphNode, heard: string[]): string[] {
  const oneKey = node.digits && (node.maxDigits === 1 || (node.maxDigits === undefined && !node.terminator))
  const invalid = oneKey || heard.includes('invalid')
  // The keys a one-key menu's prompt offers (`Press 1 for your balance, or 2 …`) are its inputs
  // whether a call pressed them or not: counted only once pressed, a menu no call pressed 2 at
  // showed `1 ✓ invalid ✓ timeout ✗`, every input it takes covered but the timeout (audit-122).
  // `*` and `#` only when said in words: the label masks the prompt's numbers as `#` (`Your balance is # Press 1 …`).
  const offered = oneKey && node.prompt ? [...offeredKeys(node.prompt, false)] : []
  return unique([...heard.filter((i) => i !== 'invalid'), ...offered, ...(invalid ? ['invalid'] : []), 'timeout'])
}

/**
 * Without a saved graph, what a call's input at a menu was: a key (with the menu's termination
 * key, if any) that the menu's prompt does not offer is its `invalid` input, when the prompt
 * offers keys (`Press 1 for your balance, or 2 …`) and the call did not take the key as an
 * option: it was not transferred and did not go on to another menu (the same menu again, maybe
 * after an apology, `Sorry, that is not a valid option. Press 1 …`, an end or a failure is what an
 * invalid key gets). Anything else is its own input, as is every key at a prompt that names none.
 */
function heardAs(edge: GraphEdge, node: GraphNode, nodes: ReadonlyMap<string, GraphNode>): string {
  if (edge.kind !== 'digits' || !node.prompt) return edge.input
  const offered = offeredKeys(node.prompt)
  if (offered.size === 0) return edge.input
  const terminated = node.terminator !== undefined && edge.input.length > 1 && edge.input.endsWith(node.terminator)
  const key = terminated ? edge.input.slice(0, -node.terminator!.length) : edge.input
  if (key.length !== 1 || offered.has(key)) return edge.input
  const to = nodes.get(edge.to)
  const anOption = to?.kind === 'transfer' || (to?.kind === 'menu' && to.id !== node.id && !asksAgain(to.prompt ?? '', node.prompt))
  return anOption ? edge.input : 'invalid'
}

/**
 * `next` is `menu` asked again: it holds the whole of its prompt, or, where that prompt leads in
 * with words of its own (`Thank you. Press 1 …`, after a PIN), every sentence of it that offers a
 * key (`Sorry, that is not an option. Press 1 …`). Holding the whole only, a wrong key at a menu
 * with a lead-in counted as an option of its own (h201: `7 ✓ … invalid ✗`).
 */
function asksAgain(next: string, menu: string): boolean {
  if (next.includes(menu)) return true
  const offering = menu.split(/(?<=[.!?])\s+/).filter((sentence) => offeredKeys(sentence).size > 0)
  return offering.length > 0 && offering.every((sentence) => next.includes(sentence))
}

function classify(edge: GraphEdge, expected: ReadonlySet<string>, known: readonly GraphEdge[]): string {
  if (expected.has(edge.input)) return edge.input
  if (edge.kind === 'digits' && expected.has('invalid')) return 'invalid'
  // The explorer says one utterance no hint gave ("banana"), saved as `other speech`: words of a
  // call's that went where it went (the menu again) are that input; words that went elsewhere (an
  // agent, on "I want an agent") are an input of their own, which the graph never had (h201: they
  // ticked `other speech`, an input no call had tried, and the agent branch was not shown).
  // The explorer's own words for it (the edge's keys) are that input wherever the run's call went
  // next: a run of its emitted scenarios stops on the re-prompt, an end node, not the menu it saw
  // (h208: `other speech ✗ … "banana" ✓` at every re-prompt of the Python example).
  if (edge.kind === 'speech' && expected.has('other speech')) {
    const other = known.filter((k) => k.input === 'other speech')
    if (other.length === 0 || other.some((k) => k.to === edge.to || k.keys?.includes(edge.input))) return 'other speech'
  }
  return edge.input
}

function mergeEdges(a: GraphEdge[], b: GraphEdge[]): GraphEdge[] {
  const out = new Map<string, GraphEdge>()
  for (const e of [...a, ...b]) if (!out.has(edgeKey(e))) out.set(edgeKey(e), e)
  return [...out.values()]
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)]
