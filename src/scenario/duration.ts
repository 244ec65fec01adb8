/**
 * Durations as a person writes them: "60s", "1.5 s", "500ms", "2m", "1h", or a bare number of
 * milliseconds. Returns undefined when the text is not a duration.
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 }
/** Units in lower case only: the JSON Schema states this very pattern, and has no case-blind match. */
export const DURATION_SOURCE = '^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h)?\\s*$'
const DURATION = new RegExp(DURATION_SOURCE)
/**
 * A step's duration (`silent`, `gap`): a unit, or a bare number of 1000 ms and more. `silent: 30`
 * is 30 ms, over before a caller could notice: seconds were meant, or the unit was left out. The
 * JSON Schema states this pattern too, with numbers from 1000 on.
 */
export const STEP_DURATION_SOURCE = '^\\s*(?:\\d+(?:\\.\\d+)?\\s*(?:ms|s|sec|m|min|h)|0*[1-9]\\d{3,}(?:\\.\\d+)?)\\s*$'
/** The smallest bare number a step's duration takes (milliseconds). */
export const STEP_BARE_MIN_MS = 1000

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const m = DURATION.exec(value)
  if (!m) return undefined
  const ms = Number(m[1]) * UNITS[m[2] ?? 'ms']!
  return Math.round(ms)
}

/** A duration written with no unit under STEP_BARE_MIN_MS (`30`: seconds meant), as written; undefined otherwise. */
export function bareBelowMinimum(value: unknown): number | undefined {
  const bare = bareNumber(value)
  return bare !== undefined && bare < STEP_BARE_MIN_MS ? bare : undefined
}

/** The number of a duration written with no unit (`30`, `"30"`), as written; undefined for any other value. */
export function bareNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return parseDuration(value) === undefined ? undefined : value
  if (typeof value !== 'string') return undefined
  const m = DURATION.exec(value)
  return m && m[2] === undefined ? Number(m[1]) : undefined
}

/** Prints milliseconds the way a scenario file would say them. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}

/**
 * A command-line option's duration (`--wait-timeout`, `--time-limit`) as a step's: with a unit, or
 * a bare number of STEP_BARE_MIN_MS and more. `--wait-timeout 60` was 60 ms, and the wait failed
 * "within 0.06 s" (QA-163 Q3): seconds were meant. The milliseconds, or what to write instead.
 * A duration of 0 (`0`, `0s`, or under 1 ms) is said to be one, with what it must be: it was
 * refused as "is a duration such as 90s", which `0s` is (h209).
 */
export function optionDuration(option: string, text: string, example: string, why: string): number | string {
  const ms = parseDuration(text)
  if (ms === 0) {
    const rounded = Number(DURATION.exec(text)![1]) === 0 ? '' : ' (it rounds to 0 ms)'
    return `${option} must be above 0, got ${JSON.stringify(text)}${rounded}: give a duration such as ${example}`
  }
  if (ms === undefined) return `${option} is a duration above 0, such as ${example}, got ${JSON.stringify(text)}`
  const bare = bareBelowMinimum(text)
  if (bare !== undefined) return `${option} ${bare} is ${bare} ms, ${why}: write ${option} ${bare}s for seconds, or ${bare}ms if you mean milliseconds`
  return ms
}
