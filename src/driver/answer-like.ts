import type { WireResponse } from '../session/types.js'
import { definedDrivers } from './define-driver.js'

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
  if (response.status < 200 || response.status > 299 || response.body.length > MAX_READ) return undefined
  const answer = { status: response.status, contentType: response.headers['content-type'], body: response.body, json: jsonOf(response.body) }
  for (const driver of definedDrivers()) {
    if (driver.platform === platform || !driver.answersLike) continue
    let mine = false
    try {
      mine = driver.answersLike(answer)
    } catch {
      // A driver's predicate that throws on an odd answer recognises nothing.
    }
    if (mine) return { platform: driver.platform, quoted: quote(response.body) }
  }
  return undefined
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
