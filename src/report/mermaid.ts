import type { Transcript } from '../session/transcript.js'
import { LANE_TITLES, sequenceOf, type Lane, type SequenceMark } from './sequence.js'

const ID: Record<Lane, string> = { caller: 'C', platform: 'P', app: 'A' }

/** Mermaid reads `#`, `;` and line ends as syntax: write them as its entity codes. */
const escape = (text: string) => text.replace(/[#;]/g, (c) => (c === '#' ? '#35;' : '#59;')).replace(/[\r\n]+/g, ' ')

/**
 * The call as a Mermaid sequence diagram: caller, platform and app lanes, virtual times, prompts,
 * key presses, the app's actions (replies dashed), and the failing turn marked with ✖.
 */
export function transcriptToMermaid(transcript: Transcript, mark?: SequenceMark): string {
  const { platform, parties } = transcript.header
  const lines = [
    'sequenceDiagram',
    `  participant C as ${LANE_TITLES.caller} ${escape(parties.direction === 'inbound' ? parties.from : parties.to)}`,
    `  participant P as ${escape(platform)}`,
    `  participant A as ${LANE_TITLES.app}`,
  ]
  for (const item of sequenceOf(transcript, mark)) {
    if (item.kind === 'message') {
      lines.push(`  ${ID[item.from]}${item.reply ? '-->>' : '->>'}${ID[item.to]}: ${escape(item.text)}`)
    } else {
      lines.push(`  Note over ${item.over === 'all' ? 'C,A' : ID[item.over]}: ${escape(item.text)}`)
    }
  }
  return lines.join('\n')
}
