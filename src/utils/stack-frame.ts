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

const FRAME = /^(\s*at (?:async )?(?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/

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

