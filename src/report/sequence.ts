import { atSeconds } from '../utils/span.js'
import { shorten } from '../graph/normalise.js'
import type { Transcript } from '../session/transcript.js'

/** Characters an arrow's label keeps (notes and prompts keep more). */
const ARROW = 64

export type Lane = 'caller' | 'platform' | 'app'
export const LANES: readonly Lane[] = ['caller', 'platform', 'app']
export const LANE_TITLES: Record<Lane, string> = { caller: 'Caller', platform: 'Platform', app: 'App' }

/** One arrow or note of a call's sequence diagram, in time order. */
export type SequenceItem =
  | { kind: 'message'; from: Lane; to: Lane; text: string; at: number; reply: boolean; failed: boolean }
  | { kind: 'note'; over: Lane | 'all'; text: string; at: number; failed: boolean }

export interface SequenceMark {
  turn: number
  reason: string
}

const seconds = atSeconds

/**
 * A call as arrows between the caller, the platform and the app: the one model both the Mermaid
 * text and the report's inline SVG are drawn from, so they always show the same thing.
 */
export function sequenceOf(transcript: Transcript, mark?: SequenceMark): SequenceItem[] {
  const items: SequenceItem[] = []
  let markedAction = false
  for (const e of transcript.entries) {
    const failed = mark !== undefined && e.turn === mark.turn
    switch (e.kind) {
      case 'event':
        items.push({ kind: 'message', from: 'platform', to: 'app', text: shorten(`${seconds(e.at)} ${e.turn} ${e.name} ${e.summary}`.trim(), ARROW), at: e.at, reply: false, failed })
        break
      case 'action': {
        const wrong = failed && !markedAction
        if (wrong) markedAction = true
        const text = shorten(`${e.action.name} ${e.action.summary}`.trim(), ARROW)
        items.push({ kind: 'message', from: 'app', to: 'platform', text: wrong ? `✖ ${text}` : text, at: e.at, reply: e.action.source === 'response', failed: wrong })
        break
      }
      case 'api':
        items.push({ kind: 'message', from: 'app', to: 'platform', text: shorten(`${seconds(e.at)} REST ${e.name} → ${e.status}`, ARROW), at: e.at, reply: false, failed: false })
        break
      case 'caller':
        items.push({ kind: 'message', from: 'caller', to: 'platform', text: shorten(`${seconds(e.at)} ☎ ${e.text}`, ARROW), at: e.at, reply: false, failed: false })
        break
      case 'heard':
        items.push({ kind: 'message', from: 'platform', to: 'caller', text: shorten(`${seconds(e.at)} ♪ ${e.prompt.text}`, 90), at: e.at, reply: true, failed: false })
        break
      case 'note':
        items.push({ kind: 'note', over: 'platform', text: shorten(e.text, 80), at: e.at, failed: false })
        break
    }
  }
  if (mark) items.push({ kind: 'note', over: 'all', text: shorten(`✖ turn ${mark.turn}: ${mark.reason}`, 100), at: transcript.duration, failed: true })
  if (transcript.end) items.push({ kind: 'note', over: 'all', text: shorten(`${seconds(transcript.end.at)} call ended by ${transcript.end.by}: ${transcript.end.reason}`, 100), at: transcript.end.at, failed: false })
  return items
}
