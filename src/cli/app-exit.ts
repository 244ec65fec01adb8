import { relative } from 'node:path'
import { framePath, parseFrame } from '../utils/stack-frame.js'

/**
 * An --app runs in callspec's own process, so its `process.exit` ended callspec: an app that exits
 * on a missing setting as it loads, or on a fatal error while it handles a webhook, left the run
 * with the app's exit code (1: "a call failed"), no word from callspec and no report written
 * (helper-186). While the module loads and the calls run, `process.exit` is trapped: it throws
 * this, which unwinds the app's own code (its route handler, its module), and the run stops saying
 * where the app called it.
 */
export class AppCalledExit extends Error {
  /** `called process.exit(3) at apps/ivr.mjs:12:5`, for callspec's own message. */
  readonly called: string

  constructor(code: string | number | null | undefined, at: string | undefined) {
    const called = `called process.exit(${code ?? ''})${at ? ` at ${at}` : ''}`
    super(`the app ${called}, which callspec trapped: an --app shares callspec's process, so the run stops instead`)
    this.name = 'AppCalledExit'
    this.called = called
    // One line: the app's framework may log what its handler threw (Express does), and the trap's
    // own frames would read as a crash of callspec's.
    this.stack = `${this.name}: ${this.message}`
    Object.defineProperty(this, 'called', { enumerable: false })
  }
}

/**
 * Traps `process.exit` until the returned release is called; `onExit` hears each call first. Callspec
 * releases it before it exits itself (a stop, a second Ctrl-C, the end of the command).
 */
export function trapProcessExit(cwd: string, onExit: (exit: AppCalledExit) => void): () => void {
  const real = process.exit
  const trapped = ((code?: string | number | null) => {
    const exit = new AppCalledExit(code, callerOf(trapped, cwd))
    onExit(exit)
    throw exit
  }) as typeof process.exit
  process.exit = trapped
  return () => {
    if (process.exit === trapped) process.exit = real
  }
}

/** The first frame above `fn` with a file of its own (not Node's), relative to `cwd`. */
function callerOf(fn: (...args: never[]) => unknown, cwd: string): string | undefined {
  const site = { stack: '' }
  Error.captureStackTrace(site, fn)
  for (const line of site.stack.split('\n').slice(1)) {
    const frame = parseFrame(line)
    if (!frame || frame.file.startsWith('node:')) continue
    const path = framePath(frame.file)
    const shown = path.startsWith('/') ? relative(cwd, path) : path
    return `${shown}:${frame.line}:${frame.column}`
  }
  return undefined
}
