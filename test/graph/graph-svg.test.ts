import { describe, expect, it } from 'vitest'
import { edgeKey } from '../../src/graph/graph-builder.js'
import { graphToSvg } from '../../src/graph/graph-svg.js'
import type { CallGraph, GraphEdge, GraphNode } from '../../src/graph/types.js'
import { apart, edgeLabels, inputsOf, reach, svgSize } from './svg-geometry.js'

const GREEN = '#16a34a'
const RED = '#dc2626'
/** The white outline under a label's letters, so a line passing under it does not cross them out. */
const HALO = ' stroke="#ffffff" stroke-width="5" stroke-linejoin="round" paint-order="stroke"'

const node = (id: string, kind: GraphNode['kind'], label: string): GraphNode => ({ id, kind, label })
const edge = (from: string, input: string, to: string): GraphEdge => ({ from, to, input, kind: input === 'call' ? 'call' : 'digits', count: 1 })

/**
 * The audit's PIN flow: two wrong PINs from the PIN menu to the same "not right" menu, three
 * inputs from there to the same goodbye, one back up to the PIN menu (the opposite direction), and
 * two edges that cross half-way (main → balance, not right → goodbye: the audit's `3333#` over `1`).
 */
const NODES = [
  node('start', 'start', 'inbound call'),
  node('pin', 'menu', 'Please enter your PIN'),
  node('main', 'menu', 'Press 1 for your balance'),
  node('wrong', 'menu', 'That PIN is not right'),
  node('bye', 'end', 'Too many attempts'),
  node('balance', 'end', 'Your balance is 42'),
]
const EDGES = [
  edge('start', 'call', 'pin'),
  edge('pin', '1234#', 'main'),
  edge('pin', '1111#', 'wrong'),
  edge('pin', '1243#', 'wrong'),
  edge('main', '1', 'balance'),
  edge('wrong', '3333#', 'bye'),
  edge('wrong', '4444#', 'bye'),
  edge('wrong', '5555#', 'bye'),
  edge('wrong', '9', 'pin'),
]
const graph: CallGraph = { platform: 'webex-connect', nodes: NODES, edges: EDGES }
/** What the calls took: 1243#, 4444#, 5555# and 9 no call took. */
const covered = new Set(['call', '1234#', '1111#', '1', '3333#'].map((input) => edgeKey(EDGES.find((e) => e.input === input)!)))

describe('the call graph SVG, edges that join the same two nodes', () => {
  const svg = graphToSvg(graph, { covered })
  const labels = edgeLabels(svg)

  it('names every input once, in one label per pair of nodes and direction', () => {
    const inputs = labels.flatMap(inputsOf)
    expect([...inputs].sort()).toEqual(EDGES.map((e) => e.input).sort())
    expect(labels.map((l) => inputsOf(l).join(', '))).toEqual(['call', '1234#', '1111#, 1243#', '1', '3333#, 4444#, 5555#', '9'])
  })

  it('puts no two labels at the same place, nor one over another', () => {
    const places = labels.map((l) => `${l.x},${l.y}`)
    expect(new Set(places).size, `labels ${JSON.stringify(labels.map((l) => [l.lines.join(' / '), l.x, l.y]))} share a position`).toBe(labels.length)
    for (const [i, a] of labels.entries())
      for (const b of labels.slice(i + 1)) expect(apart(reach(a), reach(b)), `"${a.lines.join(' ')}" at ${a.x},${a.y} and "${b.lines.join(' ')}" at ${b.x},${b.y} overlap`).toBe(true)
  })

  it('keeps which inputs a call took: solid green, the others red, dashed when no input of the edge was taken', () => {
    // One drawn edge per pair and direction: call, 1234#, the two wrong PINs, 1, the three to goodbye, 9 (back up).
    expect(svg.match(/<line /g)).toHaveLength(5)
    expect(svg.match(/<path d="M[^"]*" fill="none"/g)).toHaveLength(1)
    // 1111# taken and 1243# not: the edge is solid (a call went that way), each PIN says which it is.
    const pins = labels.find((l) => l.markup.includes('1243#'))!
    expect(pins.markup).toContain(`<tspan class="hit" fill="${GREEN}">1111#</tspan>`)
    expect(pins.markup).toContain(`<tspan class="miss" fill="${RED}">1243#</tspan>`)
    const goodbye = labels.find((l) => l.markup.includes('3333#'))!
    expect(goodbye.markup).toContain(`<tspan class="hit" fill="${GREEN}">3333#</tspan>`)
    expect(goodbye.markup).toContain(`<tspan class="miss" fill="${RED}">4444#</tspan>`)
    expect(goodbye.markup).toContain(`<tspan class="miss" fill="${RED}">5555#</tspan>`)
    expect(svg.match(new RegExp(`<line [^>]*stroke="${GREEN}" stroke-width="1.5" marker-end`, 'g'))).toHaveLength(5)
    // 9, which no call pressed, alone on its edge: drawn as before, dashed red with a red label.
    expect(svg).toMatch(new RegExp(`<path d="M[^"]*" fill="none" stroke="${RED}" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url\\(#graph-arrow\\)"/>`))
    expect(svg).toMatch(new RegExp(`<text x="[\\d.]+" y="[\\d.]+" text-anchor="end" fill="${RED}"${HALO}>9</text>`))
    // An input alone on its edge keeps its plain label.
    expect(svg).toMatch(new RegExp(`<text x="[\\d.]+" y="[\\d.]+" fill="${GREEN}"${HALO}>call</text>`))
  })

  it('without coverage, lists the inputs of one edge in one colour', () => {
    const plain = graphToSvg(graph)
    expect(plain).not.toContain('<tspan class=')
    expect(plain).toMatch(new RegExp(`<text x="[\\d.]+" y="[\\d.]+" fill="#374151"${HALO}>1111#, 1243#</text>`))
    expect(plain).toMatch(new RegExp(`<text x="[\\d.]+" y="[\\d.]+" fill="#374151"${HALO}>3333#, 4444#, 5555#</text>`))
  })

  it('wraps a long list of inputs inside the drawing, each input still once', () => {
    // Ten wrong PINs from the right-hand menu to the goodbye below it, and ten more back up to the PIN menu.
    const many = Array.from({ length: 10 }, (_, i) => `${7000 + i}#`)
    const back = Array.from({ length: 10 }, (_, i) => `${8000 + i}#`)
    const wide: CallGraph = {
      ...graph,
      edges: [...EDGES, ...many.map((input) => edge('wrong', input, 'bye')), ...back.map((input) => edge('wrong', input, 'pin'))],
    }
    const drawn = graphToSvg(wide, { covered })
    const { width, height } = svgSize(drawn)
    const all = edgeLabels(drawn)
    expect(all.flatMap(inputsOf).sort()).toEqual(wide.edges.map((e) => e.input).sort())
    for (const label of all) {
      const box = reach(label)
      expect(box.left, `"${label.lines.join(' / ')}" runs off the left`).toBeGreaterThanOrEqual(0)
      expect(box.right, `"${label.lines.join(' / ')}" runs off the right (${width})`).toBeLessThanOrEqual(width)
      expect(box.top).toBeGreaterThanOrEqual(0)
      expect(box.bottom).toBeLessThanOrEqual(height)
    }
    for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(apart(reach(a), reach(b)), `"${a.lines.join(' ')}" and "${b.lines.join(' ')}" overlap`).toBe(true)
  })

  it('caps a list too long for the gap between two rows at four lines, counting the rest and naming them all in a tooltip', () => {
    const thirty = Array.from({ length: 30 }, (_, i) => `${6000 + i}#`)
    const drawn = graphToSvg({ ...graph, edges: [...EDGES, ...thirty.map((input) => edge('wrong', input, 'bye'))] }, { covered })
    const label = edgeLabels(drawn).find((l) => l.markup.includes('6000#'))!
    expect(label.lines).toHaveLength(4)
    const shown = inputsOf(label).filter((input) => !input.startsWith('+'))
    expect(inputsOf(label).at(-1)).toBe(`+${33 - shown.length} more`)
    // The count is grey (neither taken nor not); the tooltip names every input, ✓ taken, ✗ not.
    expect(label.markup).toContain(`<tspan fill="#374151">+${33 - shown.length} more</tspan>`)
    const tooltip = /<title>(.*?)<\/title>/.exec(label.markup)![1]!
    expect(tooltip.split(', ')).toEqual(['3333# ✓', '4444# ✗', '5555# ✗', ...thirty.map((input) => `${input} ✗`)])
  })
})

describe('the call graph SVG, edges that neither share their nodes nor cross', () => {
  it('are drawn as they always were, each label half-way along its edge', () => {
    const simple: CallGraph = { platform: 'webex-connect', nodes: NODES.slice(0, 4), edges: [EDGES[0]!, EDGES[1]!, EDGES[2]!, edge('wrong', 'timeout', 'pin')] }
    const drawn = graphToSvg(simple, { covered }).split('\n').filter((line) => /^<(line|text|path d="M\d)/.test(line))
    // The lines first, then the labels over them (a line drawn later crossed an earlier label out).
    expect(drawn).toEqual([
      `<line x1="232" y1="62" x2="232" y2="136" stroke="${GREEN}" stroke-width="1.5" marker-end="url(#graph-arrow)"/>`,
      `<line x1="232" y1="174" x2="119" y2="248" stroke="${GREEN}" stroke-width="1.5" marker-end="url(#graph-arrow)"/>`,
      `<line x1="232" y1="174" x2="345" y2="248" stroke="${GREEN}" stroke-width="1.5" marker-end="url(#graph-arrow)"/>`,
      `<path d="M440,267 C494,267 494,155 331,155" fill="none" stroke="${RED}" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#graph-arrow)"/>`,
      `<text x="236" y="99" fill="${GREEN}"${HALO}>call</text>`,
      `<text x="179.5" y="211" fill="${GREEN}"${HALO}>1234#</text>`,
      `<text x="292.5" y="211" fill="${GREEN}"${HALO}>1111#</text>`,
      `<text x="482" y="207" text-anchor="end" fill="${RED}"${HALO}>timeout</text>`,
    ])
  })
})
