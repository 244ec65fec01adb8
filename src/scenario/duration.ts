/**
 * Durations as a person writes them: "60s", "1.5 s", "500ms", "2m", "1h", or a bare number of
 * milliseconds. Returns undefined when the text is not a duration.
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 }
/** Units in lower case only: the JSON Schema states this very pattern, and has no case-blind match. */
export const DURATION_SOURCE = '^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h)?\\s*$'
const DURATION = new RegExp(DURATION_SOURCE)

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const m = DURATION.exec(value)
  if (!m) return undefined
  const ms = Number(m[1]) * UNITS[m[2] ?? 'ms']!
  return Math.round(ms)
}

/** Prints milliseconds the way a scenario file would say them. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
