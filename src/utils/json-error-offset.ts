/**
 * Where JSON.parse stopped in `text` that is not JSON: the offset of the first character valid
 * JSON cannot have there. V8 (Node 20 to 24) names a position for some errors only: for an
 * unexpected token (a string in single quotes, `tru` for `true`) it quotes the text instead
 * ("Unexpected token ''', …"), and a make-call body's failure could say only that (audit h170).
 * A plain scan of JSON's grammar (RFC 8259) finds the place. Undefined for text that is JSON, or
 * nested past what the scan recurses into.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const string = (): boolean => {
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 0x22) return (i++, true)
      if (c < 0x20) return false
      if (c !== 0x5c) continue
      i++
      if (text[i] === 'u') {
        for (let k = 0; k < 4; k++) if (!/[0-9a-fA-F]/.test(text[++i] ?? '')) return false
      } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) return false
    }
    return false
  }
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
  const value = (depth: number): boolean => {
    if (depth > MAX_DEPTH) throw TOO_DEEP
    space()
    const c = text[i]
    if (c === '"') return string()
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      space()
      if (text[i] === close) return (i++, true)
      for (;;) {
        if (c === '{') {
          space()
          if (text[i] !== '"' || !string()) return false
          space()
          if (text[i] !== ':') return false
          i++
        }
        if (!value(depth + 1)) return false
        space()
        if (text[i] === close) return (i++, true)
        if (text[i] !== ',') return false
        i++
      }
    }
    for (const word of ['true', 'false', 'null']) {
      if (c !== word[0]) continue
      for (const letter of word) {
        if (text[i] !== letter) return false
        i++
      }
      return true
    }
    NUMBER.lastIndex = i
    const number = NUMBER.exec(text)
    if (!number) return (c === '-' && i++, false)
    i += number[0].length
    return true
  }
  try {
    if (value(0)) {
      space()
      if (i === text.length) return undefined
    }
    return Math.min(i, text.length)
  } catch (error) {
    if (error === TOO_DEEP) return undefined
    throw error
  }
}

/** Deeper than any body callspec reads is nested (and short of the stack a scan may use). */
const MAX_DEPTH = 1_000
const TOO_DEEP = Symbol('too deep')
