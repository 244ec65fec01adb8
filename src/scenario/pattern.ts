/**
 * In a scenario file a string written like a JavaScript regular expression literal, `/enter your
 * PIN/i`, is a pattern; any other string matches exactly. Applied to every string in a match.
 * The one source of what a pattern is: the parser reads with it and the JSON Schema checks with it.
 */
export const PATTERN_FLAGS = 'dgimsuvy'
export const PATTERN_SOURCE = `^/([\\s\\S]+)/([${PATTERN_FLAGS}]*)$`
const REGEX_LITERAL = new RegExp(PATTERN_SOURCE)

/** The RegExp of a pattern (g and y are dropped: a match tests the whole field), or the text itself. Throws on an invalid regular expression. */
export function toPattern(text: string): string | RegExp {
  const m = REGEX_LITERAL.exec(text)
  if (!m) return text
  return new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''))
}

export const looksLikePattern = (text: string): boolean => REGEX_LITERAL.test(text)

/** Why a pattern does not compile (the RegExp's own message), or undefined when it does or is plain text. */
export function patternProblem(text: string): string | undefined {
  try {
    toPattern(text)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

/** Deep copy of a match with its pattern strings turned into RegExps. */
export function withPatterns(value: unknown): unknown {
  if (typeof value === 'string') return toPattern(value)
  if (Array.isArray(value)) return value.map(withPatterns)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPatterns(v)]))
  }
  return value
}
