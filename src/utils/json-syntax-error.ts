/** Where and why `text` is not valid JSON (a trailing comma, a missing quote), or undefined. */
export function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    const message = (error as Error).message
    const at = /at position (\d+)/.exec(message)
    // V8 (Node 20 to 24) names no position for an unexpected token ("Unexpected token ']', … is not
    // valid JSON"): a trailing comma, the usual one, is found by hand; anything else is put at the start.
    const offset = at ? Number(at[1]) : /Unexpected end of JSON input/.test(message) ? text.length : (trailingCommaAt(text) ?? 0)
    // V8 quotes the text around the token (`Unexpected token ']', …"…" is not valid JSON`), lines and all: the place says it better.
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '').replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '')
    const before = text.slice(0, offset).trimEnd()
    const hint = before.endsWith(',') && /^\s*[}\]]/.test(text.slice(offset)) ? ': a comma before a closing } or ] (JSON allows no trailing comma)' : ''
    return { offset, reason: `${reason}${hint}` }
  }
}

/** Where the first } or ] that closes right after a comma is, outside strings (valid JSON has none). */
function trailingCommaAt(text: string): number | undefined {
  let comma = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') {
      // Skip the string, escapes and all.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
      comma = false
    } else if (c === ',') comma = true
    else if (c === '}' || c === ']') {
      if (comma) return i
    } else if (!/\s/.test(c)) comma = false
  }
  return undefined
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}
