import { fileURLToPath } from 'node:url'

/** A line of a V8 stack, `    at fn (file:line:col)` or `    at file:line:col`, split up. */
export interface StackFrame {
  /** What comes before the file: `    at fn (` or `    at `. */
  head: string
  file: string
  line: number
  column: number
  /** `)` when the location was in parentheses. */
  tail: string
}

const FRAME = /^(\s*at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/

/** One stack line read as a frame; undefined for lines with no `file:line:col` (`at new Promise (<anonymous>)`). */
export function parseFrame(text: string): StackFrame | undefined {
  const match = FRAME.exec(text)
  if (!match) return undefined
  return { head: match[1]!, file: match[2]!, line: Number(match[3]), column: Number(match[4]), tail: match[5]! }
}

/** A frame's file as a path: ESM frames name a `file://` URL. Never throws (a URL with a host). */
export function framePath(file: string): string {
  if (!file.startsWith('file://')) return file
  try {
    return fileURLToPath(file)
  } catch {
    return decodeURIComponent(file.slice('file://'.length))
  }
}

/**
 * Where an error of the app's was thrown, as `file:line:column` relative to the working directory:
 * the first frame with a location outside node_modules and Node itself (a timer callback's throw
 * names the app's line; frames below it are the fake clock's). Undefined when there is none.
 */
export function thrownAt(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined
  for (const text of error.stack.split('\n').slice(1)) {
    const frame = parseFrame(text)
    if (!frame) continue
    const path = framePath(frame.file)
    if (path.startsWith('node:') || /[\\/]node_modules[\\/]/.test(path)) continue
    return `${underCwd(path)}:${frame.line}:${frame.column}`
  }
  return undefined
}

/** A path under the working directory relative to it, as test runners print them; others as they are. */
function underCwd(path: string): string {
  const cwd = process.cwd()
  const inside = path.startsWith(cwd) && (path[cwd.length] === '/' || path[cwd.length] === '\\')
  return inside ? path.slice(cwd.length + 1) : path
}
