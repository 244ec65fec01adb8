import { createRequire } from 'node:module'
import type { SimpleFaker } from '@faker-js/faker'

/**
 * faker is loaded when a call's random source is first asked for something callspec does not draw
 * itself (`ctx.random` in a driver: Webex Connect's voicemail delay, Voxology's account and
 * recording ids), not with every first call: its base locale, its smallest entry, is one 128 KB
 * module that took ~22 ms of a first call's ~390 ms to load (measured in fresh processes after
 * `import('callspec')`), and the calls most tests make draw only a number and ids, which
 * `intOf` and `uuidOf` draw from the same randomizer as faker would. SimpleFaker (Faker extends
 * SimpleFaker) is taken from it: locale data is never needed for ids and numbers.
 */
let SimpleFakerClass: (new (options: { randomizer: ReturnType<typeof splitmix32> }) => SimpleFaker) | undefined

/**
 * Synchronous, as a driver's `ctx.random.…` is: faker's base locale is an ES module, which
 * require() loads on the Node versions callspec supports (package.json's engines).
 */
function loadFaker(): NonNullable<typeof SimpleFakerClass> {
  if (!SimpleFakerClass) {
    const { faker } = createRequire(import.meta.url)('@faker-js/faker/locale/base') as typeof import('@faker-js/faker/locale/base')
    SimpleFakerClass = Object.getPrototypeOf(faker.constructor) as typeof SimpleFakerClass
  }
  return SimpleFakerClass!
}

/** True once faker is loaded (a test checks a plain call leaves it unloaded). */
export const fakerLoaded = (): boolean => SimpleFakerClass !== undefined

/**
 * splitmix32 in faker's Randomizer shape. faker's default Mersenne Twister costs ~50 µs to seed
 * and a fresh faker ~60 µs to build: measured, that was a third of callspec's per-call overhead.
 * faker documents custom randomizers for exactly this; the values still come from faker's API.
 */
function splitmix32(seed: number) {
  let state = seed >>> 0
  return {
    next(): number {
      state = (state + 0x9e3779b9) | 0
      let z = state
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return ((z ^ (z >>> 16)) >>> 0) / 4_294_967_296
    },
    seed(value: number | number[]): void {
      state = (Array.isArray(value) ? (value[0] ?? 0) : value) >>> 0
    },
  }
}

/** Idle random sources, reused: a call owns one exclusively while it runs, so concurrent calls stay deterministic. */
const idle: SimpleFaker[] = []
/** Each source's randomizer, for `uuidOf` and `intOf`. */
const randomizers = new WeakMap<SimpleFaker, ReturnType<typeof splitmix32>>()

/**
 * A SimpleFaker whose faker is built on first use, over the randomizer callspec draws from itself
 * (`intOf`, `uuidOf`): the values and their order are the same whichever draws them, the
 * randomizer's state being the only state.
 */
function lazySimpleFaker(randomizer: ReturnType<typeof splitmix32>): SimpleFaker {
  let faker: SimpleFaker | undefined
  const real = () => (faker ??= new (loadFaker())({ randomizer }))
  return new Proxy({} as SimpleFaker, {
    get: (_, key) => (key === 'seed' && !faker ? (value: number) => (randomizer.seed(value), value) : Reflect.get(real(), key)),
    has: (_, key) => Reflect.has(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  })
}

/** A seeded source of ids and numbers for one call; give it back with `releaseRandom` when the call ends. */
export function seededRandom(seed: number): SimpleFaker {
  let random = idle.pop()
  if (!random) {
    const randomizer = splitmix32(seed)
    random = lazySimpleFaker(randomizer)
    randomizers.set(random, randomizer)
  }
  randomizers.get(random)!.seed(seed)
  return random
}

/**
 * `random.number.int({ min, max })` for integers min <= max, drawn as faker draws it
 * (`floor(next() * (max - min + 1) + min)`, its default distributor) without loading faker.
 * test/utils/random.test.ts holds the two to the same output.
 */
export function intOf(random: SimpleFaker, min: number, max: number): number {
  const r = randomizers.get(random)
  if (!r) return random.number.int({ min, max })
  return Math.floor(r.next() * (max - min + 1) + min)
}

/** The id being drawn, as character codes: one string is made from it, not one per digit. */
const uuidCodes: number[] = [...'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'].map((c) => c.charCodeAt(0))
const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0))
const VARIANT_AT = 19

/**
 * `random.string.uuid()` (v4), drawn from the same randomizer in the same order, so the same
 * seed gives the same ids: faker draws each hex digit through `number.hex` → `number.int`
 * (`floor(next() * 16)`, then `floor(next() * 4) + 8` for the variant digit after all the
 * others), and that path cost ~1.6 µs an id, measured. test/utils/random.test.ts holds the two
 * to the same output.
 */
export function uuidOf(random: SimpleFaker): string {
  const r = randomizers.get(random)
  if (!r) return random.string.uuid({ version: 4, refDate: 0 })
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 14 || i === 18 || i === 23 || i === VARIANT_AT) continue
    uuidCodes[i] = HEX_CODES[Math.floor(r.next() * 16)]!
  }
  uuidCodes[VARIANT_AT] = HEX_CODES[Math.floor(r.next() * 4) + 8]!
  return String.fromCharCode.apply(null, uuidCodes)
}

export function releaseRandom(random: SimpleFaker): void {
  if (idle.length < 64) idle.push(random)
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
