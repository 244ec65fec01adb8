/** A delay as the transcript says it: 250 ms, 1.5 s, 30 s. */
export function formatDelay(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`
}

/**
 * A duration said beside a limit it passed (`5001` beside `5000`): as formatDelay, with as many
 * decimals more (up to milliseconds) as it takes not to read as the limit itself ("5.001 s", not
 * "5 s … longer than the 5 s").
 */
export function formatPast(ms: number, limitMs: number): string {
  const said = formatDelay(ms)
  if (ms < 1000 || said !== formatDelay(limitMs)) return said
  for (const digits of [2, 3]) {
    const seconds = Number((ms / 1000).toFixed(digits))
    if (seconds * 1000 !== limitMs) return `${seconds} s`
  }
  return `${ms} ms`
}

/** A length of time as a person says it: 14,400,000 ms as "4 h", 90,000 as "1.5 min", shorter ones as formatDelay does. */
export function spanOf(ms: number): string {
  if (ms >= 3_600_000) return `${Number((ms / 3_600_000).toFixed(1))} h`
  if (ms >= 60_000) return `${Number((ms / 60_000).toFixed(1))} min`
  return formatDelay(ms)
}

/** Virtual time as the transcript's lines say it: 1.7s. */
export const atSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`
