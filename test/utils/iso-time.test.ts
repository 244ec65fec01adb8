import { describe, expect, it } from 'vitest'
import { isoTime } from '../../src/utils/iso-time.js'

describe('isoTime', () => {
  it('prints what Date#toISOString prints, at the edges of days, months, leap years and the range', () => {
    const edges = [
      0, 1, 999, 86_399_999, 86_400_000,
      Date.UTC(2000, 1, 28, 23, 59, 59, 999), Date.UTC(2000, 1, 29), Date.UTC(2000, 2, 1),
      Date.UTC(1900 + 200, 1, 28, 12), Date.UTC(2100, 2, 1), Date.UTC(2024, 1, 29, 8, 5, 3, 7),
      Date.UTC(2026, 2, 2, 8), Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ]
    for (const ms of edges) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString())
  })

  it('agrees with Date on 200,000 instants spread over 1970-9999 and around callspec’s epochs', () => {
    let seed = 12345
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32
    const wrong: string[] = []
    for (let i = 0; i < 100_000; i++) {
      const wide = Math.floor(next() * 253_402_300_800_000)
      const near = Date.UTC(2026, 2, 2) + Math.floor(next() * 400 * 86_400_000)
      for (const ms of [wide, near]) if (isoTime(ms) !== new Date(ms).toISOString()) wrong.push(`${ms}: ${isoTime(ms)}`)
    }
    expect(wrong).toEqual([])
  })

  it('leaves what it does not compute to Date: before 1970, past 9999, fractions', () => {
    for (const ms of [-1, -86_400_001, Date.UTC(1969, 11, 31, 23, 59, 59), 253_402_300_800_000, 1.5]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString())
    }
    expect(() => isoTime(Number.NaN)).toThrow(RangeError)
  })
})
