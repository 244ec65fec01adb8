import type { AppClock, AppTimerFired } from '../clock/app-clock.js'
import { atSeconds as seconds, formatDelay } from '../utils/span.js'
import type { Transcript } from './transcript.js'
import type { TranscriptEntry } from './types.js'

type Note = Extract<TranscriptEntry, { kind: 'note' }>

const NOTHING_SENT = 'nothing sent to the platform'

/** The transcript's lines for timers that fired (transcript.ts keeps an answer's actions above them: see isTimerLine). */
const timerLines = new WeakSet<TranscriptEntry>()

/** A line TimerNotes wrote for timers that fired on the call's clock ("app timer 1.5 s → nothing sent to the platform"). */
export const isTimerLine = (entry: TranscriptEntry): boolean => timerLines.has(entry)

/**
 * The transcript's lines for the app's own timers ("app timer 2 s → its answer to ACCEPTED").
 * One line per timer, each written as the answer to the webhook it fired during, misled (audit-80
 * §4): a 10 ms "wait until ready" loop in a handler printed 150 lines that each claimed the
 * answer, where only its last tick came before it; an idle timer armed on an earlier event
 * claimed an answer another timer gave; a 50 ms heartbeat printed 1,200 lines a minute. So:
 *
 * - a timer fired while a webhook waits is its answer only until another timer fires in that same
 *   wait: the wait fires the next one only once the app is quiet with no answer given, so the
 *   answer came after the last one. Immediates and 0 ms timers do not count (they are not
 *   printed): they are the reaction, at that instant, to the timer before (got's 1 s guard aborts
 *   its request from a `setTimeout(0)` it sets then; audit-93 #9 read "nothing sent to the
 *   platform" there, where fetch's guard read "its answer to ANSWERED");
 * - lines in a row for the same timer(s) that sent nothing to the platform are one line, with how
 *   many times and until when. In the transcript itself, not only where a failure message folds
 *   repeats (short-transcript.ts): `call.print()` shows every line it keeps.
 *
 * Timers the test's mocks set on the call's clock (an msw handler's `await setTimeout(3000)`, a
 * stub server's latency) are "mock timer"s, never the app's (AppTimerFired.mock).
 */
export class TimerNotes {
  /** The line that says its timer gave the answer to a webhook, written in the wait still going on. */
  #answer: { note: Note; label: string; answering: string } | undefined
  /** The last run of lines that sent nothing: where the next such line for the same timers joins. */
  #run: { note: Note; label: string; count: number; lastAt: number } | undefined

  constructor(private readonly transcript: Transcript) {}

  /**
   * Timers fired at `turn` while `answering` is waited for (undefined: no webhook waits), and
   * `note` is their line, written just now. If the line before said a timer of this same wait gave
   * the answer, the answer had not come after all: that line goes back to having sent nothing.
   */
  firing(turn: number, answering: string | undefined, note?: Note): void {
    this.#retract(turn, answering, note)
  }

  /** The wait for `answering` ended with no answer: the timer last said to give it did not. */
  unanswered(turn: number, answering: string): void {
    this.#retract(turn, answering)
  }

  #retract(turn: number, answering: string | undefined, until?: Note): void {
    const answer = this.#answer
    if (!answer || answering === undefined || answer.answering !== answering || answer.note.turn !== turn) return
    this.#answer = undefined
    // Anything reaching or leaving the platform since then (before the line of the timers firing
    // now): that wait is over, the line stands.
    const entries = this.transcript.entries
    const i = entries.lastIndexOf(answer.note)
    const end = until === undefined ? entries.length : entries.lastIndexOf(until)
    if (i < 0 || entries.slice(i + 1, end < 0 ? entries.length : end).some((e) => e.kind !== 'note' && e.kind !== 'warning')) return
    this.#nothingSent(answer.note, answer.label)
  }

  /**
   * `note` is the line for the timers `label` names ("app timer 10 ms", "app timer 1.5 s, 50 ms
   * interval": timersLabel), which did `did` (requests, actions, an exception); `answering` is the
   * webhook waited for meanwhile.
   */
  written(note: Note, label: string, did: readonly string[], answering: string | undefined): void {
    timerLines.add(note)
    this.#labels.set(note, label)
    if (did.length > 0) {
      this.#did.add(note)
      note.text = `${label} → ${did.join(', ')}`
      return
    }
    const earlier = this.#earlier.get(note)
    if (earlier !== undefined) {
      note.text = `${label} → ${earlier}`
      return
    }
    if (answering === undefined) return this.#nothingSent(note, label)
    note.text = `${label} → ${answering}`
    this.#answer = { note, label, answering }
  }

  /**
   * `note`'s timers gave `answering`, the answer to an earlier webhook than the one waited for now
   * (which went out beside it while the app held it: a callee's hang-up's DROPPED, EnableX's
   * playfinished): the line says so, and stands whatever that wait's later timers do. Measured
   * before: the 3 s timer that answered ANSWERED, fired in the wait for a DROPPED held 4 s, read
   * "nothing sent to the platform"; EnableX's 4 s one that acknowledged connected read "its answer
   * to playfinished".
   */
  answers(note: Note, answering: string): void {
    this.#earlier.set(note, answering)
    const label = this.#labels.get(note)
    // Not written yet (its timers still firing): written() reads it. One that sent something says what.
    if (label === undefined || this.#did.has(note)) return
    if (this.#answer?.note === note) this.#answer = undefined
    note.text = `${label} → ${answering}`
  }

  /** The label of each line written (written), and the earlier webhook's answer a line's timers gave (answers). */
  readonly #labels = new WeakMap<Note, string>()
  readonly #earlier = new WeakMap<Note, string>()
  readonly #did = new WeakSet<Note>()

  /** A line whose timers sent nothing: it joins the run right above it, for the same timers. */
  #nothingSent(note: Note, label: string): void {
    const entries = this.transcript.entries
    const run = this.#run
    const i = entries.lastIndexOf(note)
    if (run && run.label === label && i > 0 && entries[i - 1] === run.note) {
      entries.splice(i, 1)
      run.count++
      run.lastAt = note.at
      run.note.text = `${label} ×${run.count.toLocaleString('en-US')} in a row, until ${seconds(run.lastAt)} → ${NOTHING_SENT}`
      return
    }
    note.text = `${label} → ${NOTHING_SENT}`
    this.#run = { note, label, count: 1, lastAt: note.at }
  }
}

/**
 * What a timer line calls the timers that fired: `app timer 1.5 s, 10 ms`; those the test's mocks
 * set (their latency on the call's clock: AppTimerFired.mock) `mock timer 3 s`.
 */
export function timersLabel(shown: readonly AppTimerFired[]): string {
  let app = ''
  let mock = ''
  for (const f of shown) {
    const delay = `${formatDelay(f.delayMs)}${f.kind === 'interval' ? ' interval' : ''}`
    if (f.mock === undefined) app += app === '' ? delay : `, ${delay}`
    else mock += mock === '' ? delay : `, ${delay}`
  }
  if (mock === '') return `app timer ${app}`
  return app === '' ? `mock timer ${mock}` : `app timer ${app}, mock timer ${mock}`
}

/**
 * The end-of-call notes for the timers still pending on the app's clock as the call ends: the
 * app's, and apart from them those the test's mocks set (an msw handler's 3 s pause that lost to
 * the app's 1 s guard), which are not the app's (audit-93 #9).
 */
export function pendingTimerNotes(clock: AppClock): string[] {
  const notes: string[] = []
  const adopted = clock.adopted === true
  const pending = clock.pending?.() ?? []
  if (pending.length > 0) {
    const what = adopted ? "left on the test's fake clock" : (clock.pendingFate ?? 'dropped (they would otherwise fire during the next test)')
    // A stub server that set its latency timer after an await of its own: not told from the app's.
    const whose = clock.pendingMayBeMocks?.() === true ? "timer(s) (the app's, or a server's in the test's process it awaits)" : 'app timer(s)'
    notes.push(`${pending.length} ${whose} still pending when the call ended, ${what}: ${listed(pending)}`)
  }
  const mocks = clock.pendingMocks?.() ?? []
  if (mocks.length > 0) {
    const what = adopted ? "left on the test's fake clock" : 'handed back to real time (they run on, and may fire during a later test)'
    notes.push(`${mocks.length} mock timer(s) still pending when the call ended (set by the test's mocks, not the app), ${what}: ${listed(mocks)}`)
  }
  return notes
}

/** The first five of a note's list. */
const listed = (items: readonly string[]): string => `${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''}`
