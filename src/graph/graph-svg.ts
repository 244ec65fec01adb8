import { escapeXml } from '../report/sequence-svg.js'
import { edgeKey } from './graph-builder.js'
import { shorten } from './normalise.js'
import type { CallGraph, GraphEdge, GraphNode } from './types.js'

const BOX_W = 190
const BOX_H = 38
const MARGIN = 24
/** A box's text keeps this far from its left and right border. */
const BOX_PAD = 8

/**
 * The space between boxes: across (`x`), between rows (`y`), and on the right for edges that go
 * back up (`loop`: a retry loop to an earlier menu). The first is the drawing as it always was;
 * a graph whose labels find no free spot in it (measured on 9 menus: a label over two boxes,
 * edges within a row straight through the boxes between, retry loops curving through the next
 * box) is drawn again with the next, where a curve back stays in the gap beside its box, an edge
 * within a row dips below it, and each label has room.
 */
const SPACINGS = [
  { x: 36, y: 74, loop: 70 },
  { x: 90, y: 102, loop: 90 },
  { x: 130, y: 130, loop: 130 },
  { x: 170, y: 172, loop: 170 },
] as const
type Spacing = (typeof SPACINGS)[number]

/** A line of the SVG's 12 px text takes 14 px, 11 of them above the baseline (measured in Chromium). */
const LINE_H = 14
const ASCENT = 11
/** An edge listing several inputs wraps its label at about a box's width, and shows at most 4 lines (the gap between two rows). */
const LABEL_CHARS = 28
const LABEL_LINES = 4
/** Clear space kept between two labels, and between a label and the SVG's border. */
const PAD = 2
/** How far, in lines, a label may be moved up or down from its edge when every spot on the edge is taken. */
const MAX_NUDGE = 8

const FILL: Record<GraphNode['kind'], string> = { start: '#e0e7ff', menu: '#ffffff', end: '#f3f4f6', transfer: '#ecfdf5', failure: '#fee2e2' }
/** A failure of the test's own expectation: amber, apart from the app's failures in red (GraphNode.byTest). */
const BY_TEST_FILL = '#fef3c7'
const BY_TEST_STROKE = '#d97706'
const INK = '#374151'
/**
 * A white outline under each edge label's letters: labels keep clear of boxes and of each other,
 * not of the lines, and in a graph of many menus the retry loops and edges within a row pass under
 * them (the Pizza Planet example's report: "timeout, invalid (…)" crossed by three lines).
 */
const HALO = ' stroke="#ffffff" stroke-width="5" stroke-linejoin="round" paint-order="stroke"'
const TAKEN = '#16a34a'
const NOT_TAKEN = '#dc2626'

export interface GraphSvgOptions {
  /** Edge keys (`edgeKey`) a suite exercised: drawn solid and green; the others dashed and red. */
  covered?: ReadonlySet<string>
}

/** A node's box: its top-left corner and its row (depth from the start). */
interface Spot {
  x: number
  y: number
  row: number
}

/** An area of the drawing: a box, or the ink of a label. */
interface Rect {
  left: number
  top: number
  right: number
  bottom: number
}

/** One input as its edge's label lists it. `taken`: whether some call took it; undefined when no coverage is drawn. */
interface LabelInput {
  text: string
  taken: boolean | undefined
}

/**
 * The inputs that lead from one node to the same node: drawn as one arrow whose label lists them
 * (`1111#, 1243#`). Drawn one arrow each, they would lie on one line with their labels printed
 * over each other.
 */
interface Bundle {
  from: string
  to: string
  inputs: LabelInput[]
}

/** An edge's line: straight down to a lower row, or back up or sideways, curved round the right of both boxes. */
type Shape =
  | { kind: 'down'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'back'; x1: number; y1: number; x2: number; y2: number; bulge: number }
  /** To another box of the same row, spaced out: from bottom to bottom, dipping into the gap below the row (round the right, it ran through the boxes between). */
  | { kind: 'side'; x1: number; y1: number; x2: number; y2: number; dip: number }

/** Where a label is written: its lines centred on y, starting at x (or, `end`, ending there). */
interface Anchor {
  x: number
  y: number
  end: boolean
}

/** A label laid out: the inputs on each line, those past the last line, and the widest line in px. */
interface LabelText {
  lines: LabelInput[][]
  hidden: LabelInput[]
  width: number
}

/**
 * The call graph as a static SVG: one row per depth from the start (breadth-first), edges down to
 * the next rows straight, edges back up or sideways (retries, loops) curved on the right. No
 * script and no layout library: the HTML report opens offline, and a menu tree reads top-down.
 * Each edge's label goes on the first spot along it that no box and no earlier label covers, so
 * two edges that cross half-way do not print their inputs over each other.
 */
export function graphToSvg(graph: CallGraph, options: GraphSvgOptions = {}): string {
  let drawn = draw(graph, options, SPACINGS[0])
  for (const spacing of SPACINGS.slice(1)) {
    if (!drawn.crowded) break
    drawn = draw(graph, options, spacing)
  }
  return drawn.svg
}

/** The SVG with this spacing, and whether some label found no spot free of boxes and other labels. */
function draw(graph: CallGraph, options: GraphSvgOptions, spacing: Spacing): { svg: string; crowded: boolean } {
  const { at, width, height } = layOut(graph, spacing)
  const bounds: Rect = { left: PAD, top: PAD, right: width - PAD, bottom: height - PAD }
  // What a label must not cover: the boxes (drawn over the edges, they would hide it), then each
  // label placed. A label may graze a box's border: its width is an estimate, on the generous side.
  const occupied = [...at.values()].map((p) => grow({ left: p.x, top: p.y, right: p.x + BOX_W, bottom: p.y + BOX_H }, -PAD))
  const edges: string[] = []
  // The labels after every line: a line drawn later ran over an earlier label, outline or not (HALO).
  const labels: string[] = []
  let crowded = false
  for (const bundle of bundles(graph.edges, options.covered)) {
    const from = at.get(bundle.from)
    const to = at.get(bundle.to)
    if (!from || !to) continue
    const shape = shapeOf(from, to, spacing)
    const colour = bundleColour(bundle.inputs)
    const text = layOutLabel(bundle.inputs)
    const placed = placeLabel(anchorsAlong(shape), text, occupied, bounds)
    crowded ||= !placed.free
    const anchor = placed.anchor
    occupied.push(grow(labelRect(anchor, text), PAD))
    edges.push(shapeSvg(shape, colour))
    labels.push(labelSvg(anchor, text, colour))
  }

  const boxes = graph.nodes.map((node) => {
    const p = at.get(node.id)!
    const radius = node.kind === 'start' || node.kind === 'end' ? BOX_H / 2 : 6
    return [
      `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="${radius}" fill="${node.byTest ? BY_TEST_FILL : FILL[node.kind]}" stroke="${node.byTest ? BY_TEST_STROKE : node.kind === 'failure' ? '#dc2626' : '#6b7280'}"/>`,
      `<text x="${p.x + BOX_W / 2}" y="${p.y + BOX_H / 2 + 4}" text-anchor="middle"><title>${escapeXml(node.prompt ?? node.label)}</title>${escapeXml(fitted(node.label, BOX_W - 2 * BOX_PAD))}</text>`,
    ].join('')
  })

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="Call graph: ${graph.nodes.length} nodes, ${graph.edges.length} inputs">`,
    '<defs><marker id="graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
    ...edges,
    ...labels,
    ...boxes,
    '</svg>',
  ].join('\n')
  return { svg, crowded }
}

/** A box's text: the label, or as much of it as fits `width` (by textWidth's estimate) with an ellipsis; the whole is its tooltip. */
export function fitted(label: string, width: number): string {
  const chars = [...shorten(label, 30)]
  if (textWidth(chars.join('')) <= width) return chars.join('')
  while (chars.length > 1 && textWidth(`${chars.join('').trimEnd()}…`) > width) chars.pop()
  return `${chars.join('').trimEnd()}…`
}

/** Every node's box, a row per depth from the start centred in the drawing, and the drawing's size. */
function layOut(graph: CallGraph, spacing: Spacing): { at: Map<string, Spot>; width: number; height: number } {
  const { x: GAP_X, y: GAP_Y, loop: LOOP_ROOM } = spacing
  const depth = depthsFrom('start', graph)
  const rows: GraphNode[][] = []
  for (const node of graph.nodes) (rows[depth.get(node.id) ?? rows.length] ??= []).push(node)
  const packed = rows.filter((row) => row !== undefined)
  const widest = Math.max(1, ...packed.map((row) => row.length))
  const width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X + LOOP_ROOM
  const height = MARGIN * 2 + packed.length * BOX_H + (packed.length - 1) * GAP_Y
  const at = new Map<string, Spot>()
  for (const [r, row] of packed.entries()) {
    const rowWidth = row.length * BOX_W + (row.length - 1) * GAP_X
    const left = MARGIN + (width - LOOP_ROOM - MARGIN * 2 - rowWidth) / 2
    for (const [i, node] of row.entries()) at.set(node.id, { x: left + i * (BOX_W + GAP_X), y: MARGIN + r * (BOX_H + GAP_Y), row: r })
  }
  return { at, width, height }
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

/** The edges grouped by the two nodes they join and their direction, in the order the graph lists them. */
function bundles(edges: readonly GraphEdge[], covered: ReadonlySet<string> | undefined): Bundle[] {
  const byEnds = new Map<string, Bundle>()
  for (const edge of edges) {
    const ends = `${edge.from}\u0000${edge.to}`
    const input: LabelInput = { text: inputText(edge), taken: covered?.has(edgeKey(edge)) }
    const bundle = byEnds.get(ends)
    if (bundle) bundle.inputs.push(input)
    else byEnds.set(ends, { from: edge.from, to: edge.to, inputs: [input] })
  }
  return [...byEnds.values()]
}

/** An input as its label shows it: with the keys the explorer found to behave the same, shortened. */
function inputText(edge: GraphEdge): string {
  return shorten(edge.keys && edge.keys.length > 1 ? `${edge.input} (${edge.keys.join(' ')})` : edge.input, 22)
}

/** One input's colour: green if a call took it, red if none did, grey when no coverage is drawn. */
function inputColour(input: LabelInput): string {
  return input.taken === undefined ? INK : input.taken ? TAKEN : NOT_TAKEN
}

/** An arrow's colour: green (solid) as soon as a call took one of its inputs, as a call went that way; else its inputs'. */
function bundleColour(inputs: readonly LabelInput[]): string {
  return inputs.some((input) => input.taken) ? TAKEN : inputColour(inputs[0]!)
}

/** Where an edge runs: from the bottom of one box to the top of a box in a lower row, or from right side to right side. */
function shapeOf(from: Spot, to: Spot, spacing: Spacing): Shape {
  if (to.row > from.row) return { kind: 'down', x1: from.x + BOX_W / 2, y1: from.y + BOX_H, x2: to.x + BOX_W / 2, y2: to.y }
  // Back to the same row or above: around the right-hand side of both boxes. Spaced out, the
  // curve stays in the gap to the right of its box (the first spacing's loop room is wider than its gap).
  if (to.row === from.row && to.x !== from.x && spacing !== SPACINGS[0]) {
    const toRight = to.x > from.x
    return { kind: 'side', x1: from.x + BOX_W / 2 + (toRight ? 20 : -20), y1: from.y + BOX_H, x2: to.x + BOX_W / 2 + (toRight ? -20 : 20), y2: to.y + BOX_H, dip: spacing.y * 0.55 }
  }
  const [x1, y1, x2, y2] = [from.x + BOX_W, from.y + BOX_H / 2, to.x + BOX_W, to.y + BOX_H / 2]
  const room = spacing === SPACINGS[0] ? spacing.loop : Math.min(spacing.loop, spacing.x)
  return { kind: 'back', x1, y1, x2, y2, bulge: Math.max(x1, x2) + room - 16 }
}

/** The arrow itself: dashed when it is red (no call took any of its inputs). */
function shapeSvg(shape: Shape, colour: string): string {
  const stroke = `stroke="${colour}" stroke-width="1.5"${colour === NOT_TAKEN ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#graph-arrow)"`
  const { x1, y1, x2, y2 } = shape
  if (shape.kind === 'down') return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" ${stroke}/>`
  if (shape.kind === 'side') return `<path d="M${x1},${y1} C${x1},${y1 + shape.dip} ${x2},${y2 + shape.dip} ${x2},${y2 + 4}" fill="none" ${stroke}/>`
  return `<path d="M${x1},${y1} C${shape.bulge},${y1} ${shape.bulge},${y2} ${x2 + 4},${y2}" fill="none" ${stroke}/>`
}

/**
 * Where an edge's label may go, best first: half-way along it (where it always went), then
 * further along either way, then the other side of the line; last, those spots moved up or down a
 * line at a time.
 */
function anchorsAlong(shape: Shape): Anchor[] {
  const { x1, y1, x2, y2 } = shape
  const on: Anchor[] =
    shape.kind === 'down'
      ? [0.5, 0.38, 0.62, 0.26, 0.74].map((t) => ({ x: x1 + (x2 - x1) * t + 4, y: y1 + (y2 - y1) * t, end: false }))
      : shape.kind === 'side'
        ? // Just under the dip, where the curve runs level: y = y1 + dip·3t(1−t) along it.
          [0.5, 0.38, 0.62, 0.26, 0.74].map((t) => ({ x: x1 + (x2 - x1) * t, y: y1 + shape.dip * 3 * t * (1 - t) + LINE_H, end: false }))
        : [{ x: shape.bulge - 12, y: (y1 + y2) / 2 - 4, end: true }]
  const across = shape.kind === 'down' ? on.map((a) => ({ ...a, x: a.x - 8, end: true })) : []
  const near = [...on, ...across]
  const nudged = Array.from({ length: MAX_NUDGE }, (_, k) => near.flatMap((a) => [-1, 1].map((sign) => ({ ...a, y: a.y + sign * (k + 1) * LINE_H })))).flat()
  return [...near, ...nudged]
}

/** The first spot where the label stays inside the drawing and covers no box and no other label (free); else the first. */
function placeLabel(anchors: readonly Anchor[], text: LabelText, occupied: readonly Rect[], bounds: Rect): { anchor: Anchor; free: boolean } {
  const inside = anchors.map((anchor) => keepInside(anchor, text, bounds))
  const free = inside.find((anchor) => !occupied.some((rect) => overlaps(rect, labelRect(anchor, text))))
  return { anchor: free ?? inside[0]!, free: free !== undefined }
}

/** The anchor moved the least that puts the whole label inside `bounds`. */
function keepInside(anchor: Anchor, text: LabelText, bounds: Rect): Anchor {
  const rect = labelRect(anchor, text)
  const dx = shiftInto(rect.left, rect.right, bounds.left, bounds.right)
  const dy = shiftInto(rect.top, rect.bottom, bounds.top, bounds.bottom)
  return { x: round(anchor.x + dx), y: round(anchor.y + dy), end: anchor.end }
}

/** How far to move [from, to] to lie within [min, max]; a span too long for it starts at min (its start is read first). */
const shiftInto = (from: number, to: number, min: number, max: number): number => Math.max(min - from, Math.min(0, max - to))

/** The area a label's ink covers. */
function labelRect(anchor: Anchor, text: LabelText): Rect {
  const top = firstBaseline(anchor, text) - ASCENT
  const left = anchor.end ? anchor.x - text.width : anchor.x
  return { left, top, right: left + text.width, bottom: top + text.lines.length * LINE_H }
}

/** Where the first line sits: the lines are centred on the anchor (one line: on it, as a lone input always was). */
function firstBaseline(anchor: Anchor, text: LabelText): number {
  return anchor.y - ((text.lines.length - 1) * LINE_H) / 2
}

const overlaps = (a: Rect, b: Rect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

const grow = (rect: Rect, by: number): Rect => ({ left: rect.left - by, top: rect.top - by, right: rect.right + by, bottom: rect.bottom + by })

/** Two decimals: the positions of labels moved along a slanted edge, without float noise. */
const round = (n: number): number => Math.round(n * 100) / 100

/** A label's lines and their width: every input, or as many as LABEL_LINES lines hold and a count of the rest. */
function layOutLabel(inputs: readonly LabelInput[]): LabelText {
  const { shown, hidden } = keepLines(wrap(inputs))
  return { lines: shown, hidden, width: Math.max(...plainLines(shown, hidden).map(textWidth)) }
}

/** The inputs in lines of at most LABEL_CHARS characters, `, ` between two on a line. */
function wrap(inputs: readonly LabelInput[]): LabelInput[][] {
  const lines: LabelInput[][] = []
  for (const input of inputs) {
    const line = lines.at(-1)
    if (line && lineText(line).length + 2 + input.text.length <= LABEL_CHARS) line.push(input)
    else lines.push([input])
  }
  return lines
}

/**
 * The first LABEL_LINES lines; the inputs past them are counted on the last (`+3 more`, moving
 * inputs off it until that fits) and named in a tooltip, so a long list can neither run off the
 * drawing nor cover the next row. The coverage table above the graph names them all.
 */
function keepLines(lines: readonly LabelInput[][]): { shown: LabelInput[][]; hidden: LabelInput[] } {
  const shown = lines.slice(0, LABEL_LINES).map((line) => [...line])
  const hidden = lines.slice(LABEL_LINES).flat()
  const last = shown.at(-1)!
  while (hidden.length > 0 && last.length > 1 && `${lineText(last)}, ${moreText(hidden)}`.length > LABEL_CHARS) hidden.unshift(last.pop()!)
  return { shown, hidden }
}

/** Each line as it reads: a comma where the list goes on to the next line, the count of the inputs not shown on the last. */
function plainLines(lines: readonly LabelInput[][], hidden: readonly LabelInput[]): string[] {
  return lines.map((line, i) => lineText(line) + (i < lines.length - 1 ? ',' : hidden.length > 0 ? `, ${moreText(hidden)}` : ''))
}

const lineText = (line: readonly LabelInput[]): string => line.map((input) => input.text).join(', ')

const moreText = (hidden: readonly LabelInput[]): string => `+${hidden.length} more`

/**
 * A generous width in px of a line at font-size 12, measured on system-ui in Chromium (digits
 * 7.6, `#` 10.1, `m` and `W` 11.9): there is no font to measure with here.
 */
export function textWidth(text: string): number {
  let width = 0
  for (const c of text) width += /[#%@mwMW]/.test(c) ? 12 : /[A-Z]/.test(c) ? 8.5 : /[ ,.;:'|!il()[\]]/.test(c) ? 4 : 7.7
  return width
}

/**
 * The label's `<text>`: the inputs in the arrow's colour, or, when some were taken and some not,
 * each in a tspan of its own colour and class (`hit`, `miss`, as the coverage table's), so a
 * reader still sees which of the inputs on one arrow no call took.
 */
function labelSvg(anchor: Anchor, text: LabelText, colour: string): string {
  const all = [...text.lines.flat(), ...text.hidden]
  const mixed = new Set(all.map(inputColour)).size > 1
  // The count of inputs not shown is neither taken nor not: in a two-colour label it is grey.
  const more = text.hidden.length === 0 ? '' : mixed ? `, <tspan fill="${INK}">${moreText(text.hidden)}</tspan>` : `, ${moreText(text.hidden)}`
  const lines = text.lines.map((line, i) => line.map((input) => inputSvg(input, mixed)).join(', ') + (i < text.lines.length - 1 ? ',' : more))
  const body = lines.map((line, i) => (i === 0 ? line : `<tspan x="${anchor.x}" dy="${LINE_H}">${line}</tspan>`)).join('')
  const title = text.hidden.length > 0 ? `<title>${escapeXml(all.map(tooltipText).join(', '))}</title>` : ''
  return `<text x="${anchor.x}" y="${round(firstBaseline(anchor, text))}"${anchor.end ? ' text-anchor="end"' : ''} fill="${colour}"${HALO}>${title}${body}</text>`
}

/** An input in its label: in a two-colour label, a tspan of its own colour and class. */
function inputSvg(input: LabelInput, mixed: boolean): string {
  return mixed ? `<tspan class="${input.taken ? 'hit' : 'miss'}" fill="${inputColour(input)}">${escapeXml(input.text)}</tspan>` : escapeXml(input.text)
}

/** An input in the tooltip of a label too long to show: ✓ a call took it, ✗ none did. */
function tooltipText(input: LabelInput): string {
  return input.taken === undefined ? input.text : `${input.text} ${input.taken ? '✓' : '✗'}`
}
