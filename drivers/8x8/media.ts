import { spokenMs, type Prompt, type Scheduled, type WireResponse } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'

export type { Scheduled }

/** How long TTS takes to say `text` at `speed` (1 = normal). */
export function ttsMs(text: string, speed = 1): number {
  return Math.round(spokenMs(text, BEHAVIOUR.ttsMsPerWord, BEHAVIOUR.minPromptMs) / speed)
}

/** Lays one prompt end to end `repetition` times from `start`. */
export function repeat(prompt: Prompt, ms: number, repetition: number, start: number): Scheduled[] {
  return Array.from({ length: repetition }, (_, i) => ({ prompt, start: start + i * ms, end: start + (i + 1) * ms }))
}

export const speech = (text: string): Prompt => ({ kind: 'speech', text })

/**
 * Why a downloaded file cannot be played, or undefined when it can (§3.4: mp3 or wav, at most
 * 5120 KB). The size is the Content-Length the app sent (the body reaches callspec as text).
 */
export function fileProblem(url: string, response: WireResponse): string | undefined {
  if (response.status < 200 || response.status > 299) return `GET ${url} answered HTTP ${response.status}`
  const declared = Number(response.headers['content-length'])
  const size = Number.isFinite(declared) && response.headers['content-length'] !== undefined ? declared : Buffer.byteLength(response.body)
  if (size === 0) return `GET ${url} answered an empty body`
  if (size > BEHAVIOUR.maxFileBytes) return `${url} is ${Math.ceil(size / 1024)} KB; the limit is ${BEHAVIOUR.maxFileBytes / 1024} KB`
  const type = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (BEHAVIOUR.audioTypes.includes(type)) return undefined
  // Servers that do not know the type send octet-stream: the file's own header decides.
  const generic = type === '' || type === 'application/octet-stream'
  const body = response.body
  const magic = (body.startsWith('RIFF') && body.slice(8, 12) === 'WAVE') || body.startsWith('ID3')
  if (generic && magic) return undefined
  return `${url} is not mp3 or wav (Content-Type: ${type || 'none'})`
}
