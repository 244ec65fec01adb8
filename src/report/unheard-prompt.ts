import type { Transcript } from '../session/transcript.js'
import type { ActionRecord, Prompt } from '../session/types.js'

/** A prompt the app played that the caller heard none of: stopped before it began. */
export interface UnheardPrompt {
  prompt: Prompt
  action: ActionRecord
  /** Virtual ms it was stopped at, and the platform's reason (`hung up`), when the transcript says. */
  cutAt?: number
  why?: string
  /** The caller ended the call (a `hangup` step): waiting first would have let it play. */
  byCaller: boolean
}

const CUT_NOTE = 'prompt cut off: '

/**
 * The first prompt matching `wanted` that an action played but the caller never heard: a prompt
 * cut off at its very start (the caller hung up as it began) is in the actions, not among the
 * prompts heard, so "never heard it" alone would send the reader looking for a missing PLAY.
 */
export function unheardPrompt(transcript: Transcript, wanted: (text: string) => boolean): UnheardPrompt | undefined {
  for (const unheard of unheardPrompts(transcript, wanted)) return unheard
  return undefined
}

/** Every prompt matching `wanted` that an action played but the caller never heard, in the order played. */
export function* unheardPrompts(transcript: Transcript, wanted: (text: string) => boolean = () => true): Generator<UnheardPrompt> {
  // Heard prompts consume the played ones in order; what is left was never heard.
  const heardLeft = new Map<string, number>()
  for (const text of transcript.prompts()) heardLeft.set(text, (heardLeft.get(text) ?? 0) + 1)
  for (const action of transcript.actions()) {
    for (const prompt of action.prompts) {
      const left = heardLeft.get(prompt.text) ?? 0
      if (left > 0) {
        heardLeft.set(prompt.text, left - 1)
        continue
      }
      if (!wanted(prompt.text)) continue
      const cut = transcript.entries.find((e) => e.kind === 'note' && e.at >= action.at && e.text.startsWith(CUT_NOTE))
      const byCaller = transcript.end?.by === 'caller' || transcript.end?.by === 'network'
      const barged = bargedIn(transcript, action)
      // The caller's barge-in came first: it stopped the action's prompts, not what stopped a later one.
      if (barged && (!cut || barged.cutAt < cut.at)) yield { prompt, action, ...barged, byCaller: false }
      else if (cut) yield { prompt, action, cutAt: cut.at, why: (cut as { text: string }).text.slice(CUT_NOTE.length), byCaller }
      else yield { prompt, action, ...(transcript.end ? { cutAt: transcript.end.at, why: `call ended by ${transcript.end.by}: ${transcript.end.reason}` } : {}), byCaller }
    }
  }
}

/**
 * Where the caller barged in on `action`'s prompts, if it did: a key or words that cut one short
 * leave it heard in part (its ♪ line's "cut off after"), and no cut note; what the caller did at
 * that instant is the reason. Without this, a prompt after the one cut was said to be cut off by the
 * call's end, blaming the app's hang-up for the caller's own speech (audit G3).
 */
function bargedIn(transcript: Transcript, action: ActionRecord): { cutAt: number; why: string } | undefined {
  const texts = new Set(action.prompts.map((p) => p.text))
  for (const entry of transcript.entries) {
    if (entry.kind !== 'heard' || entry.cutAtMs === undefined || entry.at < action.at || !texts.has(entry.prompt.text)) continue
    const cutAt = entry.at + entry.cutAtMs
    const act = transcript.entries.find((e) => e.kind === 'caller' && e.at === cutAt)
    if (act) return { cutAt, why: `the caller barged in: ${(act as { text: string }).text}` }
  }
  return undefined
}

/** `"Welcome to …" (PLAY, turn 2) was played but cut off at 0.2 s (hung up), before the caller heard any of it` */
export function describeUnheard(unheard: UnheardPrompt): string {
  const text = unheard.prompt.text.length > 60 ? `${unheard.prompt.text.slice(0, 60)}…` : unheard.prompt.text
  const when = unheard.cutAt === undefined ? '' : ` at ${(unheard.cutAt / 1000).toFixed(1)} s`
  const why = unheard.why ? ` (${unheard.why})` : ''
  return `${JSON.stringify(text)} (${unheard.action.name}, turn ${unheard.action.turn}) was played but cut off${when}${why}, before the caller heard any of it`
}
