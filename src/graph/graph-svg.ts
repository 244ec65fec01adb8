import { escapeXml } from '../report/sequence-svg.js'
import { edgeKey } from './graph-builder.js'
import { shorten } from './normalise.js'
import type { CallGraph, GraphNode } from './types.js'

const BOX_W = 190
const BOX_H = 38
const GAP_X = 36
const GAP_Y = 74
const MARGIN = 24
/** Room on the right for edges that go back up (a retry loop to an earlier menu). */
const LOOP_ROOM = 70

const FILL: Record<GraphNode['kind'], string> = { start: '#e0e7ff', menu: '#ffffff', end: '#f3f4f6', transfer: '#ecfdf5', failure: '#fee2e2' }

export interface GraphSvgOptions {
  /** Edge keys (`edgeKey`) a suite exercised: drawn solid and green; the others dashed and red. */
  covered?: ReadonlySet<string>
}

/**
 * The call graph as a static SVG: one row per depth from the start (breadth-first), edges down to
 * the next rows straight, edges back up or sideways (retries, loops) curved on the right. No
 * script and no layout library: the HTML report opens offline, and a menu tree reads top-down.
 */
export function graphToSvg(graph: CallGraph, options: GraphSvgOptions = {}): string {
  const depth = depthsFrom('start', graph)
  const rows: GraphNode[][] = []
  for (const node of graph.nodes) (rows[depth.get(node.id) ?? rows.length] ??= []).push(node)
  const packed = rows.filter((row) => row !== undefined)
  const widest = Math.max(1, ...packed.map((row) => row.length))
  const width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X + LOOP_ROOM
  const height = MARGIN * 2 + packed.length * BOX_H + (packed.length - 1) * GAP_Y
  const at = new Map<string, { x: number; y: number; row: number }>()
  for (const [r, row] of packed.entries()) {
    const rowWidth = row.length * BOX_W + (row.length - 1) * GAP_X
    const left = MARGIN + (width - LOOP_ROOM - MARGIN * 2 - rowWidth) / 2
    for (const [i, node] of row.entries()) at.set(node.id, { x: left + i * (BOX_W + GAP_X), y: MARGIN + r * (BOX_H + GAP_Y), row: r })
  }

  const edges: string[] = []
  for (const edge of graph.edges) {
    const from = at.get(edge.from)
    const to = at.get(edge.to)
    if (!from || !to) continue
    const covered = options.covered?.has(edgeKey(edge))
    const colour = options.covered === undefined ? '#374151' : covered ? '#16a34a' : '#dc2626'
    const dash = options.covered !== undefined && !covered ? ' stroke-dasharray="5 4"' : ''
    const label = escapeXml(shorten(edge.keys && edge.keys.length > 1 ? `${edge.input} (${edge.keys.join(' ')})` : edge.input, 22))
    if (to.row > from.row) {
      const [x1, y1, x2, y2] = [from.x + BOX_W / 2, from.y + BOX_H, to.x + BOX_W / 2, to.y]
      edges.push(
        `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="1.5"${dash} marker-end="url(#graph-arrow)"/>`,
        `<text x="${(x1 + x2) / 2 + 4}" y="${(y1 + y2) / 2}" fill="${colour}">${label}</text>`,
      )
    } else {
      // Back to the same row or above: around the right-hand side of both boxes.
      const [x1, y1, x2, y2] = [from.x + BOX_W, from.y + BOX_H / 2, to.x + BOX_W, to.y + BOX_H / 2]
      const bulge = Math.max(x1, x2) + LOOP_ROOM - 16
      edges.push(
        `<path d="M${x1},${y1} C${bulge},${y1} ${bulge},${y2} ${x2 + 4},${y2}" fill="none" stroke="${colour}" stroke-width="1.5"${dash} marker-end="url(#graph-arrow)"/>`,
        `<text x="${bulge - 12}" y="${(y1 + y2) / 2 - 4}" text-anchor="end" fill="${colour}">${label}</text>`,
      )
    }
  }

  const boxes = graph.nodes.map((node) => {
    const p = at.get(node.id)!
    const radius = node.kind === 'start' || node.kind === 'end' ? BOX_H / 2 : 6
    return [
      `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="${radius}" fill="${FILL[node.kind]}" stroke="${node.kind === 'failure' ? '#dc2626' : '#6b7280'}"/>`,
      `<text x="${p.x + BOX_W / 2}" y="${p.y + BOX_H / 2 + 4}" text-anchor="middle"><title>${escapeXml(node.prompt ?? node.label)}</title>${escapeXml(shorten(node.label, 30))}</text>`,
    ].join('')
  })

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="Call graph: ${graph.nodes.length} nodes, ${graph.edges.length} inputs">`,
    '<defs><marker id="graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
    ...edges,
    ...boxes,
    '</svg>',
  ].join('\n')
}

/** Breadth-first depth of every node reachable from `root`; the rest get none (drawn below). */
function depthsFrom(root: string, graph: CallGraph): Map<string, number> {
  const depth = new Map<string, number>([[root, 0]])
  const queue = [root]
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!
    for (const edge of graph.edges) {
      if (edge.from !== id || depth.has(edge.to)) continue
      depth.set(edge.to, depth.get(id)! + 1)
      queue.push(edge.to)
    }
  }
  return depth
}
