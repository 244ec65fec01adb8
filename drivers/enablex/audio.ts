import { spokenMs, type Prompt } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { PlayRequest } from './schemas.js'

/** What a play request makes the caller hear (nothing for an empty text or prompt_name, rule enablex/empty-text), and for how long. */
export interface PromptPlan {
  prompt: Prompt | undefined
  ms: number
}

/**
 * A silence or break duration in ms. The docs' example writes `"2000ms"` and they give no format
 * (rule enablex/tts-duration, inferred): callspec reads `"2000ms"`, `"2s"` and a bare number (as
 * ms); anything else adds no pause.
 */
export function ttsDurationMs(value: unknown): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '')
  if (!m) return 0
  return Math.round(parseFloat(m[1]!) * (m[2]?.toLowerCase() === 's' ? 1000 : 1))
}

/** The form the docs' example writes a duration in. */
export const DOCUMENTED_DURATION = /^\d+ms$/

// No floor here: advanced TTS adds pieces up, and the whole prompt gets the floor.
const ttsMs = (text: string) => spokenMs(text, BEHAVIOUR.ttsMsPerWord, 0)

/**
 * Advanced TTS (EnableX's Voice API Routes, Make Call): numbered `text*` keys are spoken in order;
 * `break` and `silence` add their `value` ("2000ms"; a break's may be `time`); nested `prosody` /
 * `express-as` / `say-as` carry their own text.
 */
function walkTts(option: Record<string, unknown>): { text: string[]; ms: number } {
  const out = { text: [] as string[], ms: 0 }
  for (const [key, value] of Object.entries(option)) {
    if (/^text\d*$/.test(key) && typeof value === 'string') {
      out.text.push(value)
      out.ms += ttsMs(value)
    } else if ((key === 'break' || key === 'silence') && typeof value === 'object' && value !== null) {
      // A break's duration is `value` (the example) or `time` (the field table).
      const { value: said, time } = value as { value?: unknown; time?: unknown }
      out.ms += ttsDurationMs(said ?? (key === 'break' ? time : undefined))
    } else if (typeof value === 'object' && value !== null) {
      const inner = walkTts(value as Record<string, unknown>)
      out.text.push(...inner.text)
      out.ms += inner.ms
    }
  }
  return out
}

/**
 * The prompt fields a play holds, the one it plays first: `text`, then `text_to_speech_option`,
 * then `prompt_name`. EnableX documents no order ("exactly one of text / prompt_name is played");
 * text is the form its examples and samples play, and advanced TTS is text's richer form, so a
 * portal prompt beside either is the one left out (behaviour.md). An empty
 * `text_to_speech_option` (`{}`, as in the play reference's own example) has nothing to say and is
 * left out, unless it is all the play holds.
 */
export function promptFields(play: Partial<Record<PromptField, unknown>>): PromptField[] {
  const held = PROMPT_FIELDS.filter((k) => play[k] !== undefined)
  const said = held.filter((k) => k !== 'text_to_speech_option' || !isEmptyObject(play.text_to_speech_option))
  return said.length > 0 ? said : held
}

export const PROMPT_FIELDS = ['text', 'text_to_speech_option', 'prompt_name'] as const
export type PromptField = (typeof PROMPT_FIELDS)[number]

const isEmptyObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0

/** The prompt of a play request: TTS text, advanced TTS, or a portal prompt by name (the first of promptFields). */
export function planPrompt(play: Pick<PlayRequest, 'text' | 'prompt_name' | 'text_to_speech_option'>, durations: Record<string, number> = {}): PromptPlan {
  const field = promptFields(play)[0]
  // An empty text (allowed at warn, rule enablex/empty-text) says nothing: playfinished follows at once.
  if (field === 'text' && play.text !== undefined && play.text.trim() === '') return { prompt: undefined, ms: 0 }
  if (field === 'text' && play.text !== undefined) return { prompt: { kind: 'speech', text: play.text }, ms: Math.max(BEHAVIOUR.minPromptMs, ttsMs(play.text)) }
  if (field === 'text_to_speech_option' && play.text_to_speech_option !== undefined) {
    const tts = walkTts(play.text_to_speech_option)
    return { prompt: { kind: 'speech', text: tts.text.join(' ') }, ms: Math.max(BEHAVIOUR.minPromptMs, tts.ms) }
  }
  const name = play.prompt_name ?? ''
  // An empty name (allowed at warn, rule enablex/empty-text) names no prompt: nothing plays.
  if (name.trim() === '') return { prompt: undefined, ms: 0 }
  return { prompt: { kind: 'audio', text: `prompt:${name}` }, ms: durations[name] ?? BEHAVIOUR.defaultPromptMs }
}

/** What a play that plays nothing (planPrompt gives no prompt) is shown as: its empty field, and what it does. */
export const emptyPromptWords = (play: Pick<PlayRequest, 'text'>): string => (play.text !== undefined ? 'empty text: nothing is said' : 'empty prompt_name: nothing is played')

export const speechMs = (text: string) => spokenMs(text, BEHAVIOUR.speechMsPerWord, BEHAVIOUR.minPromptMs)
