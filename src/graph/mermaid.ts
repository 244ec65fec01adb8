import { edgeKey } from './graph-builder.js'
import type { CallGraph, GraphNode } from './types.js'

const quote = (text: string) => `"${text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'))}"`

function box(node: GraphNode): string {
  const label = quote(node.label)
  switch (node.kind) {
    case 'start':
      return `${node.id}((${label}))`
    case 'menu':
      return `${node.id}[${label}]`
    case 'end':
      return `${node.id}([${label}])`
    case 'transfer':
      return `${node.id}[/${label}/]`
    case 'failure':
      return `${node.id}{{${label}}}`
  }
}

export interface MermaidOptions {
  /** Edge keys (`edgeKey`) a suite exercised: drawn solid and green; the others dashed and red. */
  covered?: ReadonlySet<string>
}

/** The graph as a Mermaid flowchart (paste into Markdown, GitHub renders it). */
export function toMermaid(graph: CallGraph, options: MermaidOptions = {}): string {
  const lines = ['flowchart TD']
  for (const node of graph.nodes) lines.push(`  ${box(node)}`)
  const covered: number[] = []
  const uncovered: number[] = []
  for (const [i, edge] of graph.edges.entries()) {
    const label = edge.keys && edge.keys.length > 1 ? `${edge.input} (${edge.keys.join(' ')})` : edge.input
    const arrow = options.covered && !options.covered.has(edgeKey(edge)) ? '-.->' : '-->'
    lines.push(`  ${edge.from} ${arrow}|${quote(label)}| ${edge.to}`)
    if (options.covered) (options.covered.has(edgeKey(edge)) ? covered : uncovered).push(i)
  }
  for (const node of graph.nodes) {
    // The test's own expectation failed (GraphNode.byTest): amber; the app's failures: red.
    if (node.kind === 'failure') lines.push(`  style ${node.id} ${node.byTest ? 'fill:#fef3c7,stroke:#d97706' : 'fill:#fdd,stroke:#c00'}`)
  }
  if (covered.length) lines.push(`  linkStyle ${covered.join(',')} stroke:#2a2,stroke-width:2px`)
  if (uncovered.length) lines.push(`  linkStyle ${uncovered.join(',')} stroke:#c00,stroke-dasharray:4`)
  return lines.join('\n')
}
