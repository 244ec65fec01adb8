import type { z } from 'zod'
import { valueAt } from './value-at.js'
import { containers, defOf, schemasAt, type Def } from './schema-walk.js'

/**
 * A close known key for an unknown one: `collectinput` → `collectInput`, `colectInput` →
 * `collectInput`, `voiceprofile` → `voiceProfile`. A key the vendor does not know is ignored, so a
 * typo in one disables what it configured (a PLAY that collects no digits) with only a warning;
 * the warning that names the key it meant is read and fixed at once (measured, helper-17: a
 * casing typo cost minutes behind a hint that named another cause).
 */
export function didYouMean(key: string, schema: z.ZodType, at?: { path: readonly PropertyKey[]; payload: unknown }): string | undefined {
  // Where the unknown key is known (its object's path in the payload), only the keys valid in that
  // object: an 8x8 answer's `actions` is near a callflow element's `action`, which is no key of the
  // answer (audit-94 F9). A path the schema cannot be followed along falls back to every key.
  const names = (at && keyNamesAt(schema, at.path, at.payload)) ?? keyNamesOf(schema)
  return closestName(key, names) ?? nameAWordAway(key, names, at && keysHeld(valueAt(at.payload, at.path)))
}

/** The keys the object holding the unknown key has already (none when it is no object). */
function keysHeld(object: unknown): ReadonlySet<string> {
  return new Set(typeof object === 'object' && object !== null && !Array.isArray(object) ? Object.keys(object) : [])
}

/**
 * The one known key that is the unknown one with a word before or after it: `timeout` in a
 * collectInput, whose key is `digitTimeout` (helper-125: no hint, where `maxDigit` got one);
 * `digits` → `maxDigits`; else the one known key that is the unknown one less a word
 * (`voice_type` → `voice`). Only a whole word of four letters or more, and only when a single key
 * at that level has it, so a generic word names nothing.
 */
function nameAWordAway(key: string, names: Iterable<string>, held: ReadonlySet<string> = new Set()): string | undefined {
  if (key.length < 4) return undefined
  const lower = key.toLowerCase()
  const wordAt = (known: string, index: number) => index === 0 || /[A-Z_-]/.test(known[index]!)
  const list = [...names]
  const found = list.filter((known) => {
    const k = known.toLowerCase()
    if (k === lower || k.length <= lower.length) return false
    if (k.endsWith(lower)) return wordAt(known, k.length - lower.length)
    return k.startsWith(lower) && /[A-Z_-]/.test(known[lower.length]!)
  })
  if (found.length > 0) return found.length === 1 ? found[0] : undefined
  // The other way: the unknown key is a known one with a word after or before it (`voice_type` for
  // EnableX's `voice`, `textToSay` for `text`: newcomer audit h199, no hint for voice_type). Not a
  // key the object holds already: `voice_id` beside `voice` on an EnableX play is the call's id an
  // app copied from the event, and "did you mean voice?" sent the tester to rename it onto the
  // voice it set (`language_code` beside `language` too).
  const within = list.filter((known) => {
    if (held.has(known)) return false
    const k = known.toLowerCase()
    if (k.length < 4 || k.length >= lower.length) return false
    if (lower.startsWith(k)) return /[A-Z_-]/.test(key[k.length]!)
    const at = lower.length - k.length
    return lower.endsWith(k) && (/[A-Z]/.test(key[at]!) || /[_-]/.test(key[at - 1]!))
  })
  return within.length === 1 ? within[0] : undefined
}

/**
 * The known key a test or payload most likely meant by `key`: a case or a typo away
 * (closestName), or the one key that is `key` with a word before or after it (`prompt` →
 * `promptMessage`, `timeout` → `digitTimeout`).
 */
export function nearKeyName(key: string, names: Iterable<string>): string | undefined {
  const list = [...names]
  return closestName(key, list) ?? nameAWordAway(key, list)
}

/** ` (did you mean "collectInput"?)` for a word a case or a typo away from one of `names`, else '': the clause every usage message adds. */
export function didYouMeanName(word: string, names: Iterable<string>): string {
  const near = closestName(word, names)
  return near ? ` (did you mean ${JSON.stringify(near)}?)` : ''
}

/** The known name closest to `name` (another casing first, then a letter or two off), if any is close. */
export function closestName(key: string, names: Iterable<string>): string | undefined {
  const lower = key.toLowerCase()
  let best: string | undefined
  let bestDistance = key.length < 5 ? 1 : 2
  for (const known of names) {
    if (known === key) continue
    if (known.toLowerCase() === lower) return known
    // A short key only with a letter missing or extra (txt → text), or two letters swapped (plya →
    // play): one letter changed makes another word as often as a typo (next → text).
    if (key.length < 5 && known.length === key.length && !swapsTwo(lower, known.toLowerCase())) continue
    const distance = editDistance(lower, known.toLowerCase(), bestDistance)
    if (distance <= bestDistance && (distance < bestDistance || best === undefined)) {
      best = known
      bestDistance = distance
    }
  }
  return best
}

const names = new WeakMap<z.ZodType, ReadonlySet<string>>()

/** Every object key a schema names, at any depth (its unions, arrays, optionals and pipes). */
function keyNamesOf(schema: z.ZodType): ReadonlySet<string> {
  let found = names.get(schema)
  if (!found) {
    const out = new Set<string>()
    collect(schema, out, new Set())
    names.set(schema, (found = out))
  }
  return found
}

function collect(schema: z.ZodType | undefined, out: Set<string>, seen: Set<z.ZodType>): void {
  if (!schema || seen.has(schema)) return
  seen.add(schema)
  const def: Def = defOf(schema)
  for (const [key, inner] of Object.entries(def.shape ?? {})) {
    out.add(key)
    collect(inner, out, seen)
  }
  for (const inner of [...(def.options ?? []), ...(def.items ?? []), def.element, def.innerType, def.in, def.out, def.left, def.right, def.valueType]) collect(inner, out, seen)
  if (def.type === 'lazy' && def.getter) collect(def.getter(), out, seen)
}

/**
 * The keys the schema allows in the object at `path` of `payload`, or undefined when the schema
 * cannot be followed there (schemasAt: a discriminated union's options are those the payload's
 * discriminator picks, so a say's params are not a sayAndCapture's).
 */
function keyNamesAt(schema: z.ZodType, path: readonly PropertyKey[], payload: unknown): ReadonlySet<string> | undefined {
  const level = schemasAt(schema, path, payload).flatMap((s) => containers(s, valueAt(payload, path)))
  const out = new Set<string>()
  for (const s of level) for (const key of Object.keys(defOf(s).shape ?? {})) out.add(key)
  return out.size ? out : undefined
}

/** `a` is `b` with two neighbouring letters swapped (plya, play). */
function swapsTwo(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  const i = [...a].findIndex((c, k) => c !== b[k])
  return i !== -1 && i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit, as a typist makes it
 * (accpet → accept: 1, where Levenshtein counts 2); stops once it passes `limit` (keys are short;
 * only near misses matter).
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let smallest = i
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, before[j - 2]! + 1)
      smallest = Math.min(smallest, row[j]!)
    }
    if (smallest > limit) return limit + 1
    before = previous
    previous = row
  }
  return previous[b.length]!
}
