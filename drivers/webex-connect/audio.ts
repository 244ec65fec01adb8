import { schedulePrompts, spokenMs, type Prompt, type Scheduled } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { Audio } from './schemas.js'

export type { Scheduled }

/**
 * What the caller hears of a TTS text. The vendor marks SSML with `textFormat: "SSML"` (Webex
 * Connect's Audio object; default `TEXT`): only then are the tags markup, stripped, and the
 * entities (`&amp;`) decoded. Plain text is spoken as written, `<` and `&` included (behaviour.md).
 */
export function spokenText(audio: Extract<Audio, { type: 'TTS' }>): string {
  return audio.textFormat === 'SSML' ? ssmlText(audio.text) : audio.text.trim()
}

/** Element names after which SSML speaks a pause: kept as a space, so words either side stay apart. */
const PAUSE_TAGS = /^<\/?(break|p|s|paragraph|sentence|speak)\b/i

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** SSML as read aloud: tags out, the five XML entities and numeric references decoded, whitespace collapsed. */
function ssmlText(ssml: string): string {
  return withoutTags(withoutComments(ssml))
    .replace(/&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|apos));/gi, (whole, dec?: string, hex?: string, name?: string) => {
      if (name) return ENTITIES[name.toLowerCase()] ?? whole
      const code = dec ? Number(dec) : Number.parseInt(hex!, 16)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    })
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * `text` with each span from `open` to the next `close` replaced by what `by` makes of it, scanned
 * once. As regexes (`/<!--[\s\S]*?-->/g`, `/<[^>]*>/g`) every `<` or `<!--` that nothing closes
 * was scanned to the end of the text: measured (audit h162 H1), 20,000 `<a ` in a 60 KB PLAY
 * blocked the event loop 3.8 s, where no bound of callspec's can fire, and 3 MB of them hung a run
 * past its timeout. Once no `close` follows, no later span can close: the rest is text, as the
 * regexes left it.
 */
function withoutSpans(text: string, open: string, close: string, by: (span: string) => string): string {
  let out = ''
  let from = 0
  for (;;) {
    const start = text.indexOf(open, from)
    const end = start < 0 ? -1 : text.indexOf(close, start + open.length)
    if (end < 0) return out + text.slice(from)
    out += text.slice(from, start) + by(text.slice(start, Math.min(end + close.length, start + 16)))
    from = end + close.length
  }
}

/** `text` with its XML comments (`<!-- … -->`) out. */
const withoutComments = (text: string): string => withoutSpans(text, '<!--', '-->', () => '')

/** `text` with its tags out, a space for those that speak a pause (only a tag's start is read: PAUSE_TAGS). */
const withoutTags = (text: string): string => withoutSpans(text, '<', '>', (tag) => (PAUSE_TAGS.test(tag) ? ' ' : ''))

export function promptOf(audio: Audio): Prompt {
  if (audio.type === 'TTS') return { kind: 'speech', text: spokenText(audio) }
  return { kind: 'audio', text: audio.type === 'URL' ? audio.location : `media:${audio.mediaId}` }
}

export function audioMs(audio: Audio, durations: Record<string, number> = {}): number {
  if (audio.type === 'TTS') return spokenMs(promptOf(audio).text, BEHAVIOUR.ttsMsPerWord, BEHAVIOUR.minPromptMs)
  const key = audio.type === 'URL' ? audio.location : audio.mediaId
  return durations[key] ?? BEHAVIOUR.defaultAudioMs
}

/**
 * A MEDIA item with an empty or blank mediaId (allowed at warn, rule webex-connect/empty-media-id):
 * it names no uploaded media, so the most plausible outcome is that nothing plays for it.
 */
export const namesNoMedia = (audio: Audio): boolean => audio.type === 'MEDIA' && audio.mediaId.trim() === ''

/** Lays audio items end to end from `start`; an item that names no media (namesNoMedia) is left out. */
export function schedule(audio: readonly Audio[], start: number, durations?: Record<string, number>): Scheduled[] {
  return schedulePrompts(audio.filter((item) => !namesNoMedia(item)).map((item) => ({ prompt: promptOf(item), ms: audioMs(item, durations) })), start)
}

export function describeAudio(audio: readonly Audio[]): string {
  return audio
    .map((a) => {
      if (namesNoMedia(a)) return 'MEDIA (empty mediaId: nothing plays)'
      const p = promptOf(a)
      const text = p.text.length > 50 ? `${p.text.slice(0, 50)}…` : p.text
      return a.type === 'TTS' ? `TTS ${JSON.stringify(text)}` : `${a.type} ${text}`
    })
    .join(' + ')
}

export const speechMs = (text: string) => spokenMs(text, BEHAVIOUR.speechMsPerWord, BEHAVIOUR.minPromptMs)
