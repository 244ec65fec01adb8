/**
 * The last lines a started app printed (stdout and stderr as they came): enough to show why it
 * died, however much it logged before. Bounded in characters too, so one endless line cannot grow it.
 */
export class OutputTail {
  static readonly LINES = 20
  static readonly #MAX_CHARS = 16_000
  #text = ''
  #dropped = false

  add(chunk: Buffer | string): void {
    this.#text += chunk.toString()
    if (this.#text.length > OutputTail.#MAX_CHARS) {
      this.#text = this.#text.slice(-OutputTail.#MAX_CHARS)
      this.#dropped = true
    }
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
    const text = this.#text.trimEnd()
    return text === '' ? [] : text.split('\n')
  }
}
