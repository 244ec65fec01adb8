import type { Prompt } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { Audio } from './schemas.js'

/** One audio item placed on the call's timeline. */
export interface Scheduled {
  prompt: Prompt
  start: number
  end: number
}

export function promptOf(audio: Audio): Prompt {
  if (audio.type === 'TTS') return { kind: 'speech', text: audio.text.replace(/<[^>]+>/g, '').trim() }
  return { kind: 'audio', text: audio.type === 'URL' ? audio.location : `media:${audio.mediaId}` }
}

export function audioMs(audio: Audio, durations: Record<string, number> = {}): number {
  if (audio.type === 'TTS') {
    const words = promptOf(audio).text.split(/\s+/).filter(Boolean).length
    return Math.max(BEHAVIOUR.minPromptMs, words * BEHAVIOUR.ttsMsPerWord)
  }
  const key = audio.type === 'URL' ? audio.location : audio.mediaId
  return durations[key] ?? BEHAVIOUR.defaultAudioMs
}

/** Lays audio items end to end from `start`. */
export function schedule(audio: readonly Audio[], start: number, durations?: Record<string, number>): Scheduled[] {
  let at = start
  return audio.map((item) => {
    const slot = { prompt: promptOf(item), start: at, end: at + audioMs(item, durations) }
    at = slot.end
    return slot
  })
}

export function describeAudio(audio: readonly Audio[]): string {
  return audio
    .map((a) => {
      const p = promptOf(a)
      const text = p.text.length > 50 ? `${p.text.slice(0, 50)}…` : p.text
      return a.type === 'TTS' ? `TTS ${JSON.stringify(text)}` : `${a.type} ${text}`
    })
    .join(' + ')
}

export const speechMs = (text: string) =>
  Math.max(BEHAVIOUR.minPromptMs, text.split(/\s+/).filter(Boolean).length * BEHAVIOUR.speechMsPerWord)
