/**
 * The last lines a started app printed (stdout and stderr as they came): enough to show why it
 * died, however much it logged before. Bounded in characters too, so one endless line cannot grow it.
 */
export class OutputTail {
  static readonly LINES = 20
  static readonly #MAX_CHARS = 16_000
  #text = ''
  /** What came after callspec signalled the app to stop (stopping()), kept apart until read. */
  #afterStop: string | undefined
  #dropped = false

  add(chunk: Buffer | string): void {
    if (this.#afterStop !== undefined) this.#afterStop = (this.#afterStop + chunk.toString()).slice(-OutputTail.#MAX_CHARS)
    else this.#text += chunk.toString()
    if (this.#text.length > OutputTail.#MAX_CHARS) {
      this.#text = this.#text.slice(-OutputTail.#MAX_CHARS)
      this.#dropped = true
    }
  }

  /**
   * callspec is about to signal the app to stop: what the shell then says of the signal it ended
   * on (dash: `Terminated`, bash: `sh: line 1: 123 Terminated  python3 app.py`) is left out, as
   * it is callspec's doing: shown under "Its output:" it read as the app's own last word (QA-163 Q3).
   */
  stopping(): void {
    this.#afterStop ??= ''
  }

  /** The last LINES lines, without the trailing newline. */
  text(): string {
    return this.#lines().slice(-OutputTail.LINES).join('\n')
  }

  /** Whether text() leaves out some of what the app printed. */
  truncated(): boolean {
    return this.#dropped || this.#lines().length > OutputTail.LINES
  }

  #lines(): string[] {
    const after = (this.#afterStop ?? '').split('\n').filter((line) => !SHELL_SIGNAL_REPORT.test(line))
    const text = (this.#text + after.join('\n')).trimEnd()
    return text === '' ? [] : text.split('\n')
  }
}

/** A shell's line for a command that ended on SIGTERM or SIGKILL (dash's, bash's with its location and pid). */
const SHELL_SIGNAL_REPORT = /^(?:\S+: line \d+: +\d+ )?(?:Terminated|Killed)(?:\s.*)?$/

/**
 * The line of an app's output that says why it stopped, for a one-line message: the last one; but
 * when that is a stack frame or an error's properties (a Node.js crash, under its `Node.js v20.…`
 * trailer), the error's own line (`Error: listen EADDRINUSE: …`).
 */
export function lastOutputLine(text: string): string | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (/^Node\.js v\d/.test(lines.at(-1) ?? '')) lines.pop()
  const last = lines.at(-1)
  if (last !== undefined && /^(\s|[}\]])/.test(last)) {
    const error = lines.findLast((line) => /^[\w.$]*(Error|Exception)\b/.test(line))
    if (error !== undefined) return error.trim()
  }
  return last?.trim()
}
