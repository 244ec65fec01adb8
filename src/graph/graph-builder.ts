import type { Transcript } from '../session/transcript.js'
import { pathOf, type CallPath } from './path.js'
import type { CallGraph, GraphEdge, GraphNode } from './types.js'

/** An edge is its start, its input and where it led (one input may lead to a retry, later to an end). */
export const edgeKey = (e: Pick<GraphEdge, 'from' | 'input' | 'to'>): string => `${e.from}\u0000${e.input}\u0000${e.to}`

/** Merges call paths into one graph: equal nodes (same id) once, each edge counted. */
export class GraphBuilder {
  readonly #nodes = new Map<string, GraphNode>()
  readonly #edges = new Map<string, GraphEdge>()

  constructor(readonly platform: string) {}

  addTranscript(transcript: Transcript, failure?: unknown): CallPath {
    const path = pathOf(transcript, failure)
    this.addPath(path)
    return path
  }

  addPath(path: CallPath): void {
    for (const node of path.nodes) if (!this.#nodes.has(node.id)) this.#nodes.set(node.id, node)
    for (const [i, input] of path.inputs.entries()) {
      const from = path.nodes[i]!.id
      const to = path.nodes[i + 1]!.id
      const key = edgeKey({ from, input: input.input, to })
      const edge = this.#edges.get(key)
      if (edge) edge.count++
      else this.#edges.set(key, { from, to, ...input, count: 1 })
    }
  }

  /** Edges leaving `from`, in the order they were found. */
  edgesFrom(from: string): GraphEdge[] {
    return [...this.#edges.values()].filter((e) => e.from === from)
  }

  /** Replaces the edges leaving `from` (the explorer folds keys that behave alike into one). */
  replaceEdgesFrom(from: string, edges: GraphEdge[]): void {
    for (const [key, e] of this.#edges) if (e.from === from) this.#edges.delete(key)
    for (const e of edges) this.#edges.set(edgeKey(e), e)
  }

  node(id: string): GraphNode | undefined {
    return this.#nodes.get(id)
  }

  graph(): CallGraph {
    return { platform: this.platform, nodes: [...this.#nodes.values()], edges: [...this.#edges.values()] }
  }
}

/** The graph of a set of calls (for example every CallResult's transcript of a suite). */
export function callGraph(transcripts: ReadonlyArray<Transcript>): CallGraph {
  const builder = new GraphBuilder(transcripts[0]?.header.platform ?? 'unknown')
  for (const t of transcripts) builder.addTranscript(t)
  return builder.graph()
}
