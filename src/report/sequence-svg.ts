import type { Transcript } from '../session/transcript.js'
import { LANE_TITLES, LANES, sequenceOf, type Lane, type SequenceMark } from './sequence.js'
import { plainText } from './plain-text.js'

const X: Record<Lane, number> = { caller: 110, platform: 450, app: 790 }
const WIDTH = 900
const ROW = 30
const TOP = 56
/** Characters that fit between two lanes in 12px monospace; the full text is the arrow's tooltip. */
const FITS = 50
const fit = (text: string) => (text.length > FITS ? `${text.slice(0, FITS - 1)}…` : text)

/** Text for HTML or SVG: the app's terminal escape codes and control characters dropped (plainText), then escaped. */
export const escapeXml = (text: string) =>
  plainText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/**
 * The same diagram as `transcriptToMermaid`, drawn as inline SVG: a report opened from disk
 * shows it with no script, no network and no renderer to bundle.
 */
export function transcriptToSvg(transcript: Transcript, mark?: SequenceMark): string {
  const items = sequenceOf(transcript, mark)
  const height = TOP + items.length * ROW + 30
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence" role="img" aria-label="sequence diagram" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
  ]
  for (const lane of LANES) {
    const title = lane === 'platform' ? transcript.header.platform : LANE_TITLES[lane]
    out.push(
      `<line x1="${X[lane]}" y1="40" x2="${X[lane]}" y2="${height - 10}" stroke="#bbb" stroke-dasharray="4 3"/>`,
      `<rect x="${X[lane] - 70}" y="8" width="140" height="30" rx="4" fill="#eef2ff" stroke="#6366f1"/>`,
      `<text x="${X[lane]}" y="28" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    )
  }
  items.forEach((item, i) => {
    const y = TOP + i * ROW + 16
    const colour = item.failed ? '#dc2626' : '#111827'
    if (item.kind === 'note') {
      const [x1, x2] = item.over === 'all' ? [X.caller - 80, X.app + 80] : [X[item.over] - 150, X[item.over] + 150]
      out.push(
        `<rect x="${x1}" y="${y - 14}" width="${x2 - x1}" height="22" fill="${item.failed ? '#fee2e2' : '#fefce8'}" stroke="${item.failed ? '#dc2626' : '#ca8a04'}"/>`,
        `<text x="${(x1 + x2) / 2}" y="${y + 1}" text-anchor="middle" fill="${colour}">${escapeXml(item.text)}</text>`,
      )
      return
    }
    const from = X[item.from]
    const to = X[item.to]
    out.push(
      `<line x1="${from}" y1="${y + 6}" x2="${to}" y2="${y + 6}" stroke="${colour}"${item.reply ? ' stroke-dasharray="5 3"' : ''} marker-end="url(#arrow)"/>`,
      `<text x="${(from + to) / 2}" y="${y}" text-anchor="middle" fill="${colour}"${item.failed ? ' font-weight="bold"' : ''}><title>${escapeXml(item.text)}</title>${escapeXml(fit(item.text))}</text>`,
    )
  })
  out.push('</svg>')
  return out.join('\n')
}
