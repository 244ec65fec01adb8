import type { Dispatcher } from 'undici'
import type { WireRequest, WireResponse } from '../session/types.js'
import { TransportError, answerSoFar, describeNetworkError, describeProtocolError, type CallspecWait } from './transport-error.js'
import { runAsInfrastructure } from '../clock/infrastructure-scope.js'
import { realNow, realTimers } from '../clock/real-timers.js'
import type { StopSource } from './tripwire.js'
import { bodyText } from '../utils/body-text.js'

/** The bounds on one exchange with the app. */
export interface ExchangeBounds {
  /** Real ms for the whole exchange: headers and body together, however they trickle in. */
  timeoutMs: number
  /** Bytes of answer body read before callspec stops reading. */
  maxBodyBytes: number
  /**
   * Where `timeoutMs` comes from, for the failure's words (read only then): `limits.responseTimeoutMs`
   * unless said otherwise, e.g. when callspec fitted the default to the test's timeout (run-flow.ts).
   */
  readonly timeoutSource?: string
  /** callspec cut `timeoutMs` from its default to end before the test's timeout (run-flow.ts): said so, with what to raise (toWaitLonger). */
  readonly timeoutFitted?: boolean
  /** When fitted: how to wait longer, in the words of the bound it was fitted to (toWaitLonger). */
  readonly timeoutCutWait?: string
}

/**
 * How a timeout with nothing of an answer says so. The session words it otherwise where the vendor
 * documents a longer deadline than the wait, where the app was still at work, and for an app it
 * cannot see (by URL: notAnsweredWithin), since the app may only have been slow (call-session.ts).
 */
export const NEVER_ANSWERED = 'the app never answered'

/** How every timeout's failure opens: the wait, and where its length comes from. */
export const noCompleteAnswer = ({ ms, source }: CallspecWait): string => `no complete answer within ${ms} ms (${source})`

/**
 * A timeout after the first bytes of the answer came but before its headers were complete (a
 * stalled or trickled status line): "never answered" sent the reader looking for a handler that
 * never ran (audit-81 finding 4).
 */
export const HEAD_UNFINISHED = 'the app began an answer (its status line started to come), then its headers did not finish'

/**
 * Stop reasons that let an answer already on its way land first: the app crashed (threw, uncaught)
 * right after it answered. In production the bytes it wrote before the crash still reach the
 * platform; here they may still be in the loopback socket or the in-memory stream when the crash
 * is seen (over TCP they always are), and ending the exchange at once called an answered webhook
 * "no answer". The session marks its crash failures with this.
 */
export const letsAnswerLand = new WeakSet<object>()

/**
 * Real ms an exchange stopped by a crash (letsAnswerLand) still waits for an answer the app wrote
 * before it: written bytes land within a loop turn or two (loopback, memory); the rest is for a
 * loaded machine. Paid only by a crash before any answer, which then fails as it did.
 */
const LANDING_MS = 50

/**
 * One request and its whole answer, under one deadline and one size cap. It drives undici's
 * dispatch handler directly: the body arrives as chunks we count (and stop at the cap), with no
 * stream object per answer, and one timer aborts the exchange wherever it is.
 */
export function exchange(
  dispatcher: Pick<Dispatcher, 'dispatch'>,
  options: Dispatcher.DispatchOptions,
  request: WireRequest,
  bounds: ExchangeBounds,
  signal?: StopSource,
): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    const started = realNow()
    let controller: Dispatcher.DispatchController | undefined
    let status = 0
    let informational: number | undefined
    /** Interim (1xx) answers so far. */
    let interim = 0
    let headers: Record<string, string> | undefined
    let began = false
    let chunks: Buffer[] | undefined
    let first: Buffer | undefined
    let bytes = 0
    let done = false
    let landing: NodeJS.Timeout | undefined

    const fail = (error: Error) => {
      if (done) return
      done = true
      realTimers.clearTimeout(timer)
      realTimers.clearTimeout(landing)
      signal?.removeEventListener('abort', stopped)
      if (controller && !controller.aborted) controller.abort(error)
      reject(error)
    }
    // The call was stopped (its test ended first, or the app crashed): the exchange ends now, with
    // the stop's reason; after a crash, once what the app wrote before it has had time to land.
    const stopped = () => {
      const reason = signal!.reason as Error
      if (!letsAnswerLand.has(reason)) return fail(reason)
      signal?.removeEventListener('abort', stopped)
      landing = realTimers.setTimeout(() => fail(reason), LANDING_MS)
    }
    const timer = realTimers.setTimeout(() => {
      // Interim answers only (102, 103 again and again): each whole, none final (helper-135: said as
      // a status line whose headers never finished).
      const interimOnly = `the app sent ${interim} interim answer${interim === 1 ? '' : 's'} (the last HTTP ${informational}), then no final one`
      const progress = headers ? `${answerSoFar({ status, bytes })}, then the rest did not come` : interim > 0 ? interimOnly : began ? HEAD_UNFINISHED : NEVER_ANSWERED
      const wait = { ms: bounds.timeoutMs, source: bounds.timeoutSource ?? 'limits.responseTimeoutMs', fitted: bounds.timeoutFitted, cutWait: bounds.timeoutCutWait }
      fail(new TransportError(`${noCompleteAnswer(wait)}: ${progress}.`, request, undefined, 'timeout', undefined, wait))
    }, bounds.timeoutMs)
    // Stopped before it went out: nothing of the app's can be on its way.
    if (signal?.aborted) return fail(signal.reason as Error)
    signal?.addEventListener('abort', stopped, { once: true })

    const tooLarge = (what: string) =>
      fail(
        new TransportError(
          `exceeded ${bounds.maxBodyBytes} bytes (limits.maxBodyBytes): ${what}, so callspec stopped reading. Send a smaller answer, or raise limits.maxBodyBytes.`,
          request,
          undefined,
          'too-large',
        ),
      )

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c
        if (done) c.abort(new Error('exchange already ended'))
      },
      // undici calls this when its parser sees the first byte of a response, before any header is
      // read: a flag on the handler, so knowing costs nothing per turn (no socket listener).
      onResponseStarted() {
        began = true
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        if (statusCode < 200) {
          informational = statusCode
          interim++
        }
        if (done || statusCode < 200) return
        status = statusCode
        headers = flatten(responseHeaders)
        const declared = Number(headers['content-length'])
        if (declared > bounds.maxBodyBytes) tooLarge(`its content-length is ${declared}`)
      },
      onResponseData(_c, chunk) {
        if (done) return
        bytes += chunk.length
        if (bytes > bounds.maxBodyBytes) return tooLarge(`more than that arrived`)
        if (first === undefined) first = chunk
        else (chunks ??= [first]).push(chunk)
      },
      onResponseEnd() {
        if (done) return
        done = true
        realTimers.clearTimeout(timer)
        realTimers.clearTimeout(landing)
        signal?.removeEventListener('abort', stopped)
        const body = chunks ? Buffer.concat(chunks, bytes) : first
        resolve({
          status,
          headers: headers ?? {},
          body: body ? bodyText(body, headers?.['content-type']) : '',
          ms: realNow() - started,
        })
      },
      onResponseError(_c, error) {
        if (done) return
        // The app answered, but not in HTTP undici can read: said as that, never as a dropped connection.
        const protocol = describeProtocolError(error, { ...(headers && { status }), informational })
        if (protocol) return fail(new TransportError(protocol, request, error, 'protocol'))
        // An answer that began (its headers came) is said as what came, then how it ended.
        const begun = headers ? { status, bytes } : undefined
        fail(new TransportError(describeNetworkError(error, bounds.timeoutMs, { begun }), request, error, 'network', begun))
      },
    }
    try {
      // undici's timers keep real time; app code this reaches runs as the app (memory-socket.ts).
      runAsInfrastructure(() => dispatcher.dispatch(options, handler))
    } catch (error) {
      fail(new TransportError(describeNetworkError(error, bounds.timeoutMs), request, error, 'network'))
    }
  })
}

/** Header values as strings: repeated headers joined, as the transcript prints them. */
function flatten(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in raw) {
    const value = raw[key]
    if (value !== undefined) out[key] = typeof value === 'string' ? value : value.join(', ')
  }
  return out
}
