import { jsonErrorOffset } from './json-error-offset.js'

/** Where and why `text` is not valid JSON (a trailing comma, a missing quote), or undefined. */
export function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    const message = (error as Error).message
    const at = /at position (\d+)/.exec(message)
    // V8 (Node 20 to 24) names no position for an unexpected token ("Unexpected token ']', … is not
    // valid JSON"): a scan of JSON's grammar finds it (a trailing comma, a string in single quotes).
    const offset = at ? Number(at[1]) : /Unexpected end of JSON input/.test(message) ? text.length : (jsonErrorOffset(text) ?? 0)
    // V8 quotes the text around the token (`Unexpected token ']', …"…" is not valid JSON`), lines and all: the place says it better.
    const reason = message.replace(/ (in JSON )?at position \d+.*$/, '').replace(/^JSON\.parse: /, '').replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '')
    const before = text.slice(0, offset).trimEnd()
    const hint = before.endsWith(',') && /^\s*[}\]]/.test(text.slice(offset)) ? ': a comma before a closing } or ] (JSON allows no trailing comma)' : ''
    return { offset, reason: `${reason}${hint}` }
  }
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

/**
 * Where and why `text` is not JSON, in words a failure can print ("at line 1, column 49, where it
 * reads '+19495551212'}}: Unexpected token '''"), or undefined for JSON. For a request body the
 * app sent: V8's own message quotes the text around the token, escaped, and names no place (audit
 * h170). `shown: false` leaves out the text at the place (for an answer body, where it is escaped).
 */
export function notJsonSaid(text: string, { shown = true }: { shown?: boolean } = {}): string | undefined {
  const broken = jsonSyntaxError(text)
  if (!broken) return undefined
  const { line, column } = lineAndColumn(text, broken.offset)
  const rest = text.slice(broken.offset).split(/\r?\n/)[0]!
  const reads = !shown ? '' : rest ? `, where it reads ${rest.length > PLACE_SHOWN ? `${rest.slice(0, PLACE_SHOWN)}…` : rest}` : ' (its end)'
  return `at line ${line}, column ${column}${reads}: ${broken.reason}`
}

/** How much of the text from the bad character on a failure shows. */
const PLACE_SHOWN = 30
