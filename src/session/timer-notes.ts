import { atSeconds as seconds } from '../utils/span.js'
import type { Transcript } from './transcript.js'
import type { TranscriptEntry } from './types.js'

type Note = Extract<TranscriptEntry, { kind: 'note' }>

const NOTHING_SENT = 'nothing sent to the platform'

/**
 * The transcript's lines for the app's own timers ("app timer 2 s → its answer to ACCEPTED").
 * One line per timer, each written as the answer to the webhook it fired during, misled (audit-80
 * §4): a 10 ms "wait until ready" loop in a handler printed 150 lines that each claimed the
 * answer, where only its last tick came before it; an idle timer armed on an earlier event
 * claimed an answer another timer gave; a 50 ms heartbeat printed 1,200 lines a minute. So:
 *
 * - a timer fired while a webhook waits is its answer only until another timer fires in that same
 *   wait: the wait fires the next one only once the app is quiet with no answer given, so the
 *   answer came after the last one;
 * - lines in a row for the same timer(s) that sent nothing to the platform are one line, with how
 *   many times and until when. In the transcript itself, not only where a failure message folds
 *   repeats (short-transcript.ts): `call.print()` shows every line it keeps.
 */
export class TimerNotes {
  /** The line that says its timer gave the answer to a webhook, written in the wait still going on. */
  #answer: { note: Note; label: string; answering: string } | undefined
  /** The last run of lines that sent nothing: where the next such line for the same timers joins. */
  #run: { note: Note; label: string; count: number; lastAt: number } | undefined

  constructor(private readonly transcript: Transcript) {}

  /**
   * Timers are about to fire at `turn` while `answering` is waited for (undefined: no webhook
   * waits). If the line before said a timer of this same wait gave the answer, the answer had not
   * come after all: that line goes back to having sent nothing.
   */
  firing(turn: number, answering: string | undefined): void {
    this.#retract(turn, answering)
  }

  /** The wait for `answering` ended with no answer: the timer last said to give it did not. */
  unanswered(turn: number, answering: string): void {
    this.#retract(turn, answering)
  }

  #retract(turn: number, answering: string | undefined): void {
    const answer = this.#answer
    if (!answer || answering === undefined || answer.answering !== answering || answer.note.turn !== turn) return
    this.#answer = undefined
    // Anything reaching or leaving the platform since then: that wait is over, the line stands.
    const i = this.transcript.entries.lastIndexOf(answer.note)
    if (i < 0 || this.transcript.entries.slice(i + 1).some((e) => e.kind !== 'note' && e.kind !== 'warning')) return
    this.#nothingSent(answer.note, answer.label)
  }

  /**
   * `note` is the line for the timers `label` names ("10 ms", "1.5 s, 50 ms interval"), which did
   * `did` (requests, actions, an exception); `answering` is the webhook waited for meanwhile.
   */
  written(note: Note, label: string, did: readonly string[], answering: string | undefined): void {
    if (did.length > 0) {
      note.text = `app timer ${label} → ${did.join(', ')}`
      return
    }
    if (answering === undefined) return this.#nothingSent(note, label)
    note.text = `app timer ${label} → ${answering}`
    this.#answer = { note, label, answering }
  }

  /** A line whose timers sent nothing: it joins the run right above it, for the same timers. */
  #nothingSent(note: Note, label: string): void {
    const entries = this.transcript.entries
    const run = this.#run
    const i = entries.lastIndexOf(note)
    if (run && run.label === label && i > 0 && entries[i - 1] === run.note) {
      entries.splice(i, 1)
      run.count++
      run.lastAt = note.at
      run.note.text = `app timer ${label} ×${run.count.toLocaleString('en-US')} in a row, until ${seconds(run.lastAt)} → ${NOTHING_SENT}`
      return
    }
    note.text = `app timer ${label} → ${NOTHING_SENT}`
    this.#run = { note, label, count: 1, lastAt: note.at }
  }
}

