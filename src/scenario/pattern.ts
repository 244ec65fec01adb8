/**
 * In a scenario file a string written like a JavaScript regular expression literal, `/enter your
 * PIN/i`, is a pattern; any other string matches exactly. Applied to every string in a match.
 */
const REGEX_LITERAL = /^\/(.+)\/([dgimsuvy]*)$/s

export function toPattern(text: string): string | RegExp {
  const m = REGEX_LITERAL.exec(text)
  if (!m) return text
  return new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''))
}

export const looksLikePattern = (text: string): boolean => REGEX_LITERAL.test(text)

/** Deep copy of a match with its pattern strings turned into RegExps. */
export function withPatterns(value: unknown): unknown {
  if (typeof value === 'string') return toPattern(value)
  if (Array.isArray(value)) return value.map(withPatterns)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPatterns(v)]))
  }
  return value
}
