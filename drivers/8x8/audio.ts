import type { CallContext, Prompt, Scheduled, WireResponse } from '../../src/driver/index.js'
import { spokenMs } from '../../src/driver/index.js'
import { BEHAVIOUR, type EightByEightOptions } from './behaviour.js'
import type { Action } from './schemas.js'

export type { Scheduled }

/** How long TTS takes to say `text` at `speed` (1 = normal). */
export function ttsMs(text: string, speed = 1): number {
  return Math.round(spokenMs(text, BEHAVIOUR.ttsMsPerWord, BEHAVIOUR.minPromptMs) / speed)
}

/**
 * Lays one prompt end to end `repetition` times from `start`. Each slot is `start + i × ms`, not a
 * running sum as in the core's schedulePrompts: the two can differ by a rounding step for
 * fractional lengths (vendor.audioDurationsMs), and timings must not move.
 */
export function repeat(prompt: Prompt, ms: number, repetition: number, start: number): Scheduled[] {
  // A loop, not Array.from({ length }): its generic array-like path showed in 8x8 profiles (stub A/B: -2 to -3 µs a call).
  const out: Scheduled[] = []
  for (let i = 0; i < repetition; i++) out.push({ prompt, start: start + i * ms, end: start + (i + 1) * ms })
  return out
}

export const speech = (text: string): Prompt => ({ kind: 'speech', text })

/** What an action plays, for its line in the transcript. */
export function promptsOf(action: Action): Prompt[] {
  switch (action.action) {
    case 'say':
      return [speech(action.params.text)]
    case 'sayAndCapture':
      return [speech(action.params.promptMessage)]
    case 'playFile':
      return [{ kind: 'audio', text: action.params.fileUrl }]
    default:
      return []
  }
}

/**
 * The audio files of one session: each is downloaded from the app under test the first time it is
 * played, then its length is kept (the vendor caches files for an hour, §3.4).
 */
export class AudioFiles {
  readonly #lengths = new Map<string, number>()

  constructor(
    private readonly ctx: CallContext,
    private readonly options: EightByEightOptions,
  ) {}

  /** The file's length, or why it cannot be played. */
  async length(url: string): Promise<{ ms: number } | { problem: string }> {
    let ms = this.#lengths.get(url)
    if (ms === undefined) {
      const problem = await this.#download(url)
      if (problem) return { problem }
      ms = this.options.audioDurationsMs?.[url] ?? BEHAVIOUR.defaultAudioMs
      this.#lengths.set(url, ms)
    }
    return { ms }
  }

  /** Fetches the file from the app under test; why it cannot be played, if it cannot. */
  async #download(url: string): Promise<string | undefined> {
    let response: WireResponse
    try {
      response = (await this.ctx.fetchFromApp(url)).response
    } catch (error) {
      return `GET ${url} failed: ${(error as Error).message}`
    }
    const problem = fileProblem(url, response)
    if (!problem) this.ctx.note(`downloaded ${url} (${response.headers['content-type'] ?? 'no content-type'})`)
    return problem
  }
}

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
