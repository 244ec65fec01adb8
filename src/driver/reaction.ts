/**
 * Virtual ms from the moment the caller acts to the first key or word: the caller's reaction, after
 * the prompt or, barging in, into it. Not the gap between keys: a slow typist given a 6 s gap to
 * test an inter-digit timeout was made to wait 6 s for the first key too, and hit the platform's
 * first-digit timeout instead (audit-80). One for keys and speech: speech barging in came at the
 * prompt's first instant, so the caller heard none of it, where a key came this far in (audit G3).
 */
export const REACTION_MS = 300

/**
 * When the caller's words begin: once the prompt ends, or barging in REACTION_MS after the caller
 * acts, as a first key does (the prompt is heard until then). `promptEnd`: 0 when nothing plays.
 */
export function speechStartsAt(now: number, promptEnd: number, bargeIn: boolean): number {
  return bargeIn ? now + REACTION_MS : Math.max(now, promptEnd)
}
