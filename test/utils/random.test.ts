import { describe, expect, it } from 'vitest'
import { intOf, releaseRandom, seededRandom, uuidOf } from '../../src/utils/random.js'

describe('uuidOf and intOf', () => {
  it("draw faker's v4 uuid and number.int: same seed, same values, in the same order", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const fast = seededRandom(seed)
      const expected: string[] = []
      const got: string[] = []
      for (let n = 0; n < 3; n++) got.push(uuidOf(fast), String(intOf(fast, 0, 999)), String(intOf(fast, 7, 8 * 3600)))
      releaseRandom(fast)
      const reference = seededRandom(seed)
      for (let n = 0; n < 3; n++) expected.push(reference.string.uuid({ version: 4, refDate: 0 }), String(reference.number.int({ min: 0, max: 999 })), String(reference.number.int({ min: 7, max: 8 * 3600 })))
      releaseRandom(reference)
      expect(got, `seed ${seed}`).toEqual(expected)
    }
  })

  it('gives well-formed v4 ids', () => {
    const random = seededRandom(42)
    for (let n = 0; n < 200; n++) expect(uuidOf(random)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    releaseRandom(random)
  })
})

describe('seededRandom', () => {
  it("hands out faker's API, loaded on first use, drawing from the seed as faker seeded alike would", () => {
    const random = seededRandom(7)
    const drawn = [random.string.alphanumeric({ length: 12, casing: 'upper' }), random.string.numeric(4), random.helpers.arrayElement(['a', 'b', 'c'])]
    releaseRandom(random)
    const again = seededRandom(7)
    again.seed(7)
    expect([again.string.alphanumeric({ length: 12, casing: 'upper' }), again.string.numeric(4), again.helpers.arrayElement(['a', 'b', 'c'])]).toEqual(drawn)
    releaseRandom(again)
    expect(drawn[0]).toMatch(/^[0-9A-Z]{12}$/)
  })
})
