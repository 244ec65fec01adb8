import type { WireResponse } from '../session/types.js'
import { peekAnswer } from './verdict-cache.js'

/**
 * Whether a 2xx answer's body names nothing for the platform to do, as an empty 200 does: an empty
 * body; text that is not JSON (`OK`, from `res.sendStatus(200)`); JSON that is not an object
 * (`"OK"`, `true`); or an object `names` finds nothing in (`{}`, `{ "ok": true }`). Read as an
 * attempt, and checked as any answer: an array (a list of instructions is another platform's
 * shape), text that starts like JSON but does not parse (a broken answer, not an acknowledgement),
 * and a compressed body (it cannot be read here; the answer's reader says so). Where a vendor
 * documents no reply, or none for a reply with nothing in it, drivers decide from this what is
 * callspec's inference (Webex Connect after PATCHED and VMDETECTED, 8x8 after a callflow ran out).
 * `names` only looks: the answer it is given is the one the driver reads next (peekAnswer).
 */
export function namesNothing(response: WireResponse, names: (answer: object) => boolean): boolean {
  const body = response.body.trim()
  if (body === '') return true
  const encoding = response.headers['content-encoding']
  if (encoding !== undefined && encoding !== 'identity') return false
  let value: unknown
  try {
    // Parsed once for this look and the read after it (the answer as it came, when nothing was trimmed).
    value = body === response.body ? peekAnswer(body) : JSON.parse(body)
  } catch {
    return !/^[[{]/.test(body)
  }
  if (typeof value !== 'object' || value === null) return true
  return !Array.isArray(value) && !names(value)
}
