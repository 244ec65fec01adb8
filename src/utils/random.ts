import { SimpleFaker } from '@faker-js/faker'

/**
 * A seeded source of ids and numbers for one call. SimpleFaker carries no locale data, so a
 * call costs microseconds to set up; the same seed gives the same ids and timestamps.
 */
export function seededRandom(seed: number): SimpleFaker {
  const random = new SimpleFaker()
  random.seed(seed)
  return random
}

/** A stable 31-bit seed from a string (FNV-1a), for default seeds derived from the call site. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 1) % 2_147_483_647 || 1
}
