import { atSeconds } from '../utils/span.js'
import { shortTranscript } from './short-transcript.js'
import { isTimerLine } from './timer-notes.js'
import type { ActionRecord, CallEnd, CallParties, ListenRecord, Prompt, TranscriptEntry } from './types.js'
import { quotedPrompt } from '../utils/quoted-prompt.js'

export interface TranscriptHeader {
  platform: string
  seed: number
  parties: CallParties
}

/** Marks the place a failure happened: a turn, and optionally the action that was wrong. */
export interface TranscriptMark {
  turn: number
  actionIndex?: number
  reason: string
}

/**
 * Everything that happened on the call, in time order: events sent, actions received,
 * REST requests the app made, what the caller did and heard, and the platform's own notes.
 */
export class Transcript {
  readonly entries: TranscriptEntry[] = []
  /** Each time the platform listened and what the caller did then (the call graph reads these). */
  readonly listens: ListenRecord[] = []
  end: CallEnd | undefined
  /** Virtual ms the call lasted (until it ended, or until the test stopped). */
  duration = 0

  constructor(readonly header: TranscriptHeader) {}

  /**
   * Adds an entry in virtual-time order: after every entry at or before its time, so entries of
   * the same instant keep the order they happened in. Entries recorded ahead of time (a key press
   * stamped at the end of the prompt it waits for) stay after anything that happens before them.
   */
  add(entry: TranscriptEntry): void {
    const entries = this.entries
    const last = entries[entries.length - 1]
    // The usual case, checked first: the entry is the latest.
    if ((last === undefined || last.at <= entry.at) && !(entry.kind === 'heard' && last?.kind === 'caller')) {
      entries.push(entry)
      return
    }
    let i = entries.length
    while (i > 0 && entries[i - 1]!.at > entry.at) i--
    if (entry.kind === 'heard') i = beforeCallerReaction(entries, i, entry.at)
    entries.splice(i, 0, entry)
  }

  /** Adds an entry known only after the fact (a prompt, once it is clear how much was heard) in time order. */
  insertByTime(entry: TranscriptEntry): void {
    this.add(entry)
  }

  /** The app's actions in order. */
  actions(): ActionRecord[] {
    return this.entries.flatMap((e) => (e.kind === 'action' ? [e.action] : []))
  }

  /** Every prompt the caller heard, in order (cut-short prompts included). */
  heard(): Prompt[] {
    return this.entries.flatMap((e) => (e.kind === 'heard' ? [e.prompt] : []))
  }

  /** The text of every prompt heard: TTS text, or the audio file's address. */
  prompts(): string[] {
    return this.heard().map((p) => p.text)
  }

  /** Names of the events sent to the app, in order. */
  events(): string[] {
    return this.entries.flatMap((e) => (e.kind === 'event' ? [e.name] : []))
  }

  /** The whole call, one line per entry; `maxLines` shortens a long one (see printTranscript). */
  print(mark?: TranscriptMark, options: { maxLines?: number } = {}): string {
    return printTranscript(this, mark, options.maxLines)
  }
}

/**
 * Where a prompt that began at `at` goes, given `i`, the place after every entry at or before
 * `at`: before what the caller did at that same instant right after the action that started it.
 * A prompt is written once it stops (then it is known how much was heard), long after the caller's
 * reaction to it at the instant it began (`staySilent()` right after the PLAY, a hang-up as it
 * began) was written: in insertion order the transcript said `0.2s ☎ stays silent` before the
 * `0.2s ♪` it follows (audit newcomer-65). Only a run of caller lines at that instant that comes
 * straight after an action of that instant: a key press that came before the action (Voxology's
 * script goes on with a SAY at the instant of the key) keeps its place.
 */
function beforeCallerReaction(entries: readonly TranscriptEntry[], i: number, at: number): number {
  let j = i
  while (j > 0 && entries[j - 1]!.kind === 'caller' && entries[j - 1]!.at === at) j--
  return j < i && j > 0 && entries[j - 1]!.kind === 'action' && entries[j - 1]!.at === at ? j : i
}

const seconds = (ms: number) => atSeconds(ms).padStart(7)

function line(entry: TranscriptEntry, mark: TranscriptMark | undefined): string {
  const marked = mark !== undefined && entry.turn === mark.turn
  const t = seconds(entry.at)
  switch (entry.kind) {
    case 'event':
      return `${marked ? '✖' : '•'} ${t}  ${entry.turn} → ${entry.name.padEnd(18)} ${entry.summary}`.trimEnd()
    case 'api':
      return `• ${t}  ${entry.turn} ⇠ ${entry.name.padEnd(18)} ${entry.summary} → ${entry.status}`.trimEnd()
    case 'action': {
      const wrong = mark?.actionIndex === entry.action.index ? `   ✖ ${mark.reason}` : ''
      const arrow = entry.action.source === 'api' ? '⇠' : '←'
      return `  ${' '.repeat(7)}  ${entry.turn} ${arrow} ${entry.action.name.padEnd(18)} ${entry.action.summary}${wrong}`.trimEnd()
    }
    case 'caller':
      return `  ${t}    ☎ ${entry.text}`
    case 'heard':
      return `  ${t}    ♪ ${quotedPrompt(entry.prompt.text)}${entry.cutAtMs !== undefined ? ` (cut off after ${seconds(entry.cutAtMs).trim()})` : ''}`
    case 'note':
      return `  ${t}    · ${entry.text}`
    case 'warning':
      return `  ${t}    ⚠ ${entry.text}`
  }
}

/**
 * The entries to print, where the actions of one answer stay together. A platform that runs an
 * answer's actions one after the other (a Voxology script, an 8x8 callflow) records each as it
 * starts, so a timer that fired while the first one played sat between two actions of one answer:
 * `1.5s · app timer 1.5 s → nothing sent to the platform` between the SAY and the PLAY of a script
 * answered at 0.3 s read as if the timer had sent the PLAY (audit-93 #9). Such an action is printed
 * above the timer lines right before it, when what precedes them is its answer's (an action of that
 * turn, or what the caller heard of it). Action lines carry no time; the timer's line keeps its
 * own, in order with what was heard. The entries themselves stay in time order.
 */
function answersTogether(entries: readonly TranscriptEntry[]): readonly TranscriptEntry[] {
  let out: TranscriptEntry[] | undefined
  for (let i = 1; i < entries.length; i++) {
    const entry = entries[i]!
    // The usual case, checked first: no timer line right before it.
    if (entry.kind !== 'action' || entry.action.source !== 'response' || !isTimerLine(entries[i - 1]!)) continue
    const list = (out ??= entries.slice())
    const at = list.indexOf(entry)
    let k = at
    while (k > 0 && isTimerLine(list[k - 1]!)) k--
    const before = list[k - 1]
    if (before === undefined || before.turn !== entry.turn || (before.kind !== 'action' && before.kind !== 'heard')) continue
    list.splice(at, 1)
    list.splice(k, 0, entry)
  }
  return out ?? entries
}

/**
 * The call as text. `maxLines` (a failure message): a long call is shortened, lines that come
 * round again and again shown once with a count, and past that its first lines, the marked turn's
 * and its last ones kept (short-transcript.ts).
 */
export function printTranscript(t: Transcript, mark?: TranscriptMark, maxLines = Number.POSITIVE_INFINITY): string {
  const { platform, seed, parties } = t.header
  const head = `Call (${platform}, ${parties.direction} ${parties.from} → ${parties.to}, seed ${seed}, ${(t.duration / 1000).toFixed(1)} s virtual):`
  const entries = answersTogether(t.entries)
  const lines = entries.map((e) => ({ text: `  ${line(e, mark)}`, turn: e.turn }))
  const ended = t.end && `  ${seconds(t.end.at)}  ■ call ended by ${t.end.by}: ${t.end.reason}`
  // The end line in time order: before what came after the end (an app's timer answering the last
  // webhook 3 s later, a request racing the hang-up), which was printed above it (audit newcomer-65).
  const after = t.end ? entries.findIndex((e) => e.at > t.end!.at) : -1
  if (ended && after > 0) lines.splice(after, 0, { text: ended, turn: entries[after - 1]!.turn })
  // A failure message's (maxLines): rounds that repeat are folded even when the call fits (short-transcript.ts).
  const body = maxLines === Number.POSITIVE_INFINITY ? lines.map((l) => l.text) : shortTranscript(lines, mark?.turn, maxLines)
  if (ended && after <= 0) body.push(ended)
  if (body.length === 0) body.push('  (nothing happened: no event was sent)')
  return [head, ...body].join('\n')
}
