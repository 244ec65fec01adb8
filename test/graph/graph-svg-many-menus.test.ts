/**
 * The call graph of an IVR of 9 menus (test/graph/nine-menus.ts: a bank line, four departments,
 * retries, timeouts, 0 for the main menu, hang-ups). Measured before, with the spacing of a small
 * graph: 14 of its 20 box texts ran past their boxes ("Welcome to Acme Bank. For acc…", 30
 * characters, about 220 px in a 190 px box), one label lay over two boxes, edges within a row ran
 * straight through the boxes between, and retry loops curved through the next box (the screenshot
 * of its HTML). Now a graph whose labels find no free spot is drawn again spaced out.
 */
import { describe, expect, it } from 'vitest'
import { fitted, graphToSvg, textWidth } from '../../src/graph/graph-svg.js'
import { nineMenus } from './nine-menus.js'
import { apart, edgeLabels, type DrawnLabel } from './svg-geometry.js'

interface Box {
  left: number
  top: number
  right: number
  bottom: number
  text: string
}

/** The node boxes of an SVG, each with the text drawn in it. */
function boxes(svg: string): Box[] {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*\/><text [^>]*text-anchor="middle"><title>.*?<\/title>(.*?)<\/text>/g)].map(([, x, y, w, h, text]) => ({
    left: Number(x),
    top: Number(y),
    right: Number(x) + Number(w),
    bottom: Number(y) + Number(h),
    text: text!.replace(/&amp;/g, '&'),
  }))
}

/**
 * Where a label's ink reaches, by the drawing's own width estimate (textWidth: generous; in the
 * Chromium screenshot of this graph each label's ink is narrower than it says).
 */
function reach(label: DrawnLabel) {
  const width = Math.max(...label.lines.map(textWidth))
  const left = label.end ? label.x - width : label.x
  return { left, right: left + width, top: label.y - 11, bottom: label.y + 3 + (label.lines.length - 1) * 14 }
}

describe('the call graph SVG of an IVR of 9 menus', () => {
  const graph = nineMenus()
  const svg = graphToSvg(graph)
  const drawnBoxes = boxes(svg)
  const labels = edgeLabels(svg)

  it('draws every node, and no two boxes overlap', () => {
    expect(drawnBoxes).toHaveLength(graph.nodes.length)
    for (const [i, a] of drawnBoxes.entries()) for (const b of drawnBoxes.slice(i + 1)) expect(apart(a, b), `boxes "${a.text}" and "${b.text}" overlap`).toBe(true)
  })

  it('keeps each box text inside its box', () => {
    for (const box of drawnBoxes) expect(textWidth(box.text), `"${box.text}" is wider than its box`).toBeLessThanOrEqual(box.right - box.left - 16)
  })

  it('puts no edge label over another, nor over a box', () => {
    const problems: string[] = []
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) if (!apart(reach(a), reach(b))) problems.push(`"${a.lines.join(' ')}" at ${a.x},${a.y} over "${b.lines.join(' ')}" at ${b.x},${b.y}`)
      for (const box of drawnBoxes) if (!apart(reach(a), { left: box.left + 2, right: box.right - 2, top: box.top + 2, bottom: box.bottom - 2 })) problems.push(`"${a.lines.join(' ')}" at ${a.x},${a.y} over the box "${box.text}"`)
    }
    expect(problems).toEqual([])
  })
})

describe('a box text too long for its box', () => {
  it('is cut at a character that leaves it, with its ellipsis, inside the box', () => {
    expect(fitted('Welcome to Acme Bank. For accounts press 1.', 174)).toBe('Welcome to Acme Bank.…')
    expect(fitted('caller hung up', 174)).toBe('caller hung up')
  })
})
