import { hostNotFoundOf, refusedOf } from '../errors/unreachable.js'
import type { ScenarioResult } from '../scenario/run.js'
import { EXIT } from './io.js'

/** What a failed call carries: its transcript, and the error it failed with. */
interface CallFailure {
  transcript?: { entries: readonly object[] }
  error?: unknown
}

/** A scenario's result as a failure: its transcript, and the flow's error. */
const failureOf = (result: ScenarioResult): CallFailure => ({ transcript: result.transcript, error: result.error?.error })

/** Whether the app answered any of the call's requests. */
export function reachedApp(result: ScenarioResult): boolean {
  return answeredAny(result.transcript)
}

const answeredAny = (transcript: CallFailure['transcript']): boolean => transcript?.entries.some((e) => (e as { response?: unknown }).response !== undefined) ?? false

/**
 * A call that failed reaching the app with nothing of it answered, its first request refused:
 * nothing listened when the call began, so it never got to the app. (Refused, not reset: a request
 * the app took and then died on reached it, and that call ran.) Told by the failure's data, not
 * its words (errors/unreachable.ts). What `callspec run` asks of a `--start` app that may have exited.
 */
export function neverReachedApp(result: ScenarioResult): boolean {
  return foundNoApp(failureOf(result)) === 'refused'
}

/**
 * How a call found no app as it began, nothing of it answered: its first request refused, or its
 * host name not found (a mistyped host: no request went out). Undefined for any other call. Also
 * what `callspec dial` asks of its call's first step (dial-command.ts).
 */
export function foundNoApp({ transcript, error }: CallFailure): 'refused' | 'host-not-found' | undefined {
  if (answeredAny(transcript)) return undefined
  return refusedOf(error) ? 'refused' : hostNotFoundOf(error) ? 'host-not-found' : undefined
}

/**
 * `callspec run`'s last line when not one call of the run reached the app, each finding nothing
 * there as it began: nothing listened at its address, or its host was not found. The environment
 * failed, not the app (exit 2, as for an app that never answered --wait-on), so a CI job can tell
 * "app down" or "wrong host" from "a call failed" (audit qa-68, audit-108). Undefined when a call
 * reached the app, or failed some other way. `hinted`: the --wait-on hint was printed, which
 * answers "is the app running?" itself.
 */
export function noCallReachedLine(results: readonly ScenarioResult[], hinted: boolean): string | undefined {
  if (results.length === 0) return undefined
  const at = { refused: new Set<string>(), 'host-not-found': new Set<string>() }
  for (const result of results) {
    const how = foundNoApp(failureOf(result))
    if (how === undefined) return undefined
    at[how].add(result.error?.unreachable ?? 'the target')
  }
  const refused = [...at.refused]
  const notFound = [...at['host-not-found']]
  const where = [refused.length ? `nothing listened at ${refused.join(', ')}` : '', notFound.length ? `host not found: ${notFound.join(', ')}` : ''].filter((w) => w !== '').join('; ')
  const ask = [refused.length && !hinted ? ' Is the app running there?' : '', notFound.length ? ' Is the host name right?' : ''].join('')
  return `callspec run: no call reached the app: ${where} (exit ${EXIT.usage}: the run could not go on).${ask}`
}
