import { describe, expect, it } from 'vitest'
import { loadRandom, releaseRandom, seededRandom, uuidOf } from '../../src/utils/random.js'

describe('uuidOf', () => {
  it("draws faker's v4 uuid: same seed, same ids, also between other draws", async () => {
    await loadRandom()
    for (let seed = 1; seed <= 300; seed++) {
      const fast = seededRandom(seed)
      const expected: string[] = []
      const got: string[] = []
      for (let n = 0; n < 3; n++) got.push(uuidOf(fast), String(fast.number.int({ min: 0, max: 999 })))
      releaseRandom(fast)
      const reference = seededRandom(seed)
      for (let n = 0; n < 3; n++) expected.push(reference.string.uuid({ version: 4, refDate: 0 }), String(reference.number.int({ min: 0, max: 999 })))
      releaseRandom(reference)
      expect(got, `seed ${seed}`).toEqual(expected)
    }
  })

  it('gives well-formed v4 ids', async () => {
    await loadRandom()
    const random = seededRandom(42)
    for (let n = 0; n < 200; n++) expect(uuidOf(random)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    releaseRandom(random)
  })
})
