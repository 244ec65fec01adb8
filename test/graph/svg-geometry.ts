/** Reading an SVG of graph-svg.ts back: its edge labels, where their ink reaches, its size (for tests of the layout). */

/** An edge's label as drawn: where, which way it runs from there, and its lines as a reader sees them. */
export interface DrawnLabel {
  x: number
  y: number
  end: boolean
  lines: string[]
  markup: string
}

/** The edge labels of an SVG: every `<text>` but the boxes' (centred, with the whole prompt as a title). */
export function edgeLabels(svg: string): DrawnLabel[] {
  return [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"([^>]*)>(.*?)<\/text>/g)]
    .filter(([, , , attributes]) => !attributes!.includes('text-anchor="middle"'))
    .map(([, x, y, attributes, markup]) => ({
      x: Number(x),
      y: Number(y),
      end: attributes!.includes('text-anchor="end"'),
      markup: markup!,
      lines: markup!
        .replace(/<title>.*?<\/title>/g, '')
        .split(/<tspan x="[\d.]+" dy="[\d.]+">/)
        .map((line) => line.replace(/<[^>]+>/g, '').trim()),
    }))
}

/** The inputs a label lists (`1111#, 1243#`, perhaps over several lines). */
export const inputsOf = (label: DrawnLabel): string[] => label.lines.join(' ').split(/,\s*/).filter(Boolean)

/** A generous width of a line at font-size 12 (measured in Chromium: digits 7.6 px, `#` 10.1, `,` and a space 3.8). */
export const lineWidth = (line: string): number => [...line].reduce((width, c) => width + (c === '#' ? 10.5 : c === ',' || c === ' ' ? 4 : 8), 0)

/** Where a label's ink can reach: 14 px a line, from 11 px above the first baseline. */
export function reach(label: DrawnLabel): { left: number; right: number; top: number; bottom: number } {
  const width = Math.max(...label.lines.map(lineWidth))
  const left = label.end ? label.x - width : label.x
  return { left, right: left + width, top: label.y - 11, bottom: label.y + 3 + (label.lines.length - 1) * 14 }
}

export const apart = (a: ReturnType<typeof reach>, b: ReturnType<typeof reach>): boolean =>
  a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top

export const svgSize = (svg: string) => {
  const [, width, height] = /<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg)!
  return { width: Number(width), height: Number(height) }
}
