/** Where a command writes, and what it knows of the terminal: swapped for buffers in tests. */
export interface CliIo {
  out: { write(text: string): unknown }
  err: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  cwd: string
  /** Where an interactive command reads lines (default: stdin). */
  in?: NodeJS.ReadableStream
}

/** One `callspec <name>` command: a line for the command list, its --help text, and its body. */
export interface Command {
  summary: string
  usage: string
  run(argv: string[], io: CliIo): Promise<number> | number
}

/** Exit codes: all passed, something failed, the command could not run as written. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const
