/** A length of time as a person says it: 14,400,000 ms as "4 h", 90,000 as "1.5 min", 2,500 as "2.5 s". */
export function spanOf(ms: number): string {
  if (ms >= 3_600_000) return `${Number((ms / 3_600_000).toFixed(1))} h`
  if (ms >= 60_000) return `${Number((ms / 60_000).toFixed(1))} min`
  return `${Number((ms / 1000).toFixed(1))} s`
}
