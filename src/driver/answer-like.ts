import type { WireResponse } from '../session/types.js'
import { definedDriver, definedDrivers } from './define-driver.js'
import type { AnswerSeen, AnyDriver } from './types.js'

/** The longest answer read as JSON to ask whether another platform's apps answer so: a first answer is small. */
const MAX_READ = 16_384
/** How much of the answer the hint quotes. */
const SHOWN = 60

/**
 * The platform, other than `platform`, whose apps answer a webhook as `response` does, by what
 * each driver declares its apps' answers look like (Driver.answersLike), with the answer quoted:
 * a Webex Connect app's `{"action":"ANSWER"}` given to EnableX, an EnableX app's `OK` given to
 * Webex Connect. Only a 2xx answer; asked on a failure only (first-turn-hint.ts, and a driver
 * leaving out advice that assumes the platform is right, CallContext.firstAnswerLike).
 */
export function answeredLike(response: WireResponse, platform: string): { platform: string; quoted: string } | undefined {
  const answer = seen(response)
  if (!answer) return undefined
  // An answer `platform`'s own apps give too (`{"action": "ANSWER", "callflow": []}` on Webex
  // Connect) is not told to be another's: only one no reading of this platform's holds.
  const own = definedDriver(platform)
  if (own && recognises(own, answer)) return undefined
  for (const driver of definedDrivers()) {
    if (driver.platform !== platform && recognises(driver, answer)) return { platform: driver.platform, quoted: quote(response.body) }
  }
  return undefined
}

/**
 * Whether `driver`'s own apps answer as `response` does (8x8's `{"callflow": [...]}`): an answer
 * of the call's platform, whatever mistake is in it, which no hint should blame on the platform
 * chosen (audit h131 finding 05: a well-formed 8x8 callflow refused for its makeCall count was
 * asked whether `platform` was right).
 */
export function answeredAsOwn(response: WireResponse, driver: Pick<AnyDriver, 'answersLike'>): boolean {
  const answer = seen(response)
  return answer !== undefined && recognises(driver, answer)
}

/** A 2xx answer, as drivers are asked about it; undefined for any other, or one too long to be a first answer. */
function seen(response: WireResponse): AnswerSeen | undefined {
  if (response.status < 200 || response.status > 299 || response.body.length > MAX_READ) return undefined
  return { status: response.status, contentType: response.headers['content-type'], body: response.body, json: jsonOf(response.body) }
}

function recognises(driver: Pick<AnyDriver, 'answersLike'>, answer: AnswerSeen): boolean {
  try {
    return driver.answersLike?.(answer) ?? false
  } catch {
    // A driver's predicate that throws on an odd answer recognises nothing.
    return false
  }
}

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

function quote(body: string): string {
  const flat = body.trim().replace(/\s*\n\s*/g, ' ')
  return flat.length > SHOWN ? `${flat.slice(0, SHOWN)}…` : flat
}
