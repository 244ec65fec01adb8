import { maxHeaderSize } from 'node:http'
import { CallspecError } from '../errors/callspec-error.js'
import type { WireRequest } from '../session/types.js'
import { runningCommand } from '../dsl/phrasing.js'

/**
 * What went wrong with an exchange: the deadline passed, the answer was too large, the network
 * failed (the connection closed or was refused: the app may be down, so the HTTP transport probes
 * its address), or `protocol`: the app answered, but with bytes callspec's HTTP client cannot read
 * as an HTTP/1.1 response (a malformed one, or an unsolicited 100 or 101). The app was reached and
 * is up: no probe, and never "did the app crash?".
 */
export type TransportFailure = 'timeout' | 'too-large' | 'network' | 'protocol'

/** What had come of the app's answer when an exchange failed after its headers: its status and body bytes. */
export interface AnswerBegun {
  status: number
  bytes: number
}

/** The app could not be reached, or did not answer in time. The message says which, in words. */
export class TransportError extends CallspecError {
  override name = 'TransportError'
  constructor(
    message: string,
    readonly request: WireRequest,
    override readonly cause?: unknown,
    readonly failure: TransportFailure = 'network',
    /** The answer had begun (its headers were read) when the exchange failed: what came of it. */
    readonly begun?: AnswerBegun,
    /** callspec's own wait that ran out (a 'timeout'): its length and where it comes from, for the failure's words. */
    readonly wait?: CallspecWait,
  ) {
    super(message)
  }
}

/** callspec's real-time wait for one answer: `ms`, from `source` (`limits.responseTimeoutMs`, or how callspec fitted it). */
export interface CallspecWait {
  ms: number
  source: string
  /** callspec cut its default wait to end before the test's timeout (resolve-limits.ts): that timeout, not the limit, is what bounds it. */
  fitted?: boolean
  /** When `fitted`: how to wait longer, in the words of the bound it was fitted to (resolve-limits.ts, fittedTo), if not a test's timeout. */
  cutWait?: string
}

/**
 * callspec's wait ran out with nothing of the answer, from an app it cannot see (by URL): the app
 * may still be at work, so never "the app never answered" (audit h154 G10: an answer at 7 s said
 * so against the 6 s wait). The wait is callspec's own, and lengthening it lets the answer come.
 */
export const notAnsweredWithin = (wait: CallspecWait): string => `the app had not answered within callspec's wait of ${wait.ms} ms (${wait.source}; ${toWaitLonger(wait)})`

/** How to wait longer than a wait callspec cut to fit the test's timeout. */
export const CUT_TO_TEST_TIMEOUT = "callspec cut its wait to fit that timeout: to wait longer, give the test more time (testTimeout in vitest's config, or it(name, fn, ms)'s third argument)"

/** The same for a wait cut to fit a hook's timeout (a call in beforeAll). */
export const CUT_TO_HOOK_TIMEOUT = "callspec cut its wait to fit that timeout: to wait longer, give the hook more time (hookTimeout in vitest's config)"

/**
 * How to let callspec wait longer than `wait`. A wait cut to fit the test's timeout is bounded by
 * that timeout, not by limits.responseTimeoutMs: raising the limit alone lengthens nothing (it is
 * the user's then, and the test times out first). Measured before (audit G9): a 1.5 s test's wait
 * of 1050 ms, fitted, told the reader to "raise it (limits.responseTimeoutMs), and the test's
 * timeout".
 */
export const toWaitLonger = (wait: CallspecWait): string =>
  wait.fitted
    ? (wait.cutWait ?? CUT_TO_TEST_TIMEOUT)
    : // A scenario file has no test timeout: its own limits are the remedy under `callspec run` (audit h186).
      runningCommand() === 'callspec run'
      ? 'raise it in the scenario file (limits: { responseTimeoutMs: 30s }) to wait longer'
      : "raise it, and the test's timeout, to wait longer"

/** What came of an answer that began and did not finish, in the words every such failure uses. */
export const answerSoFar = ({ status, bytes }: AnswerBegun) => `the app sent HTTP ${status} and ${bytes} byte(s) of body`

/**
 * How a fetch-style app's Response body that failed after its first bytes went out is said, after
 * what came (fetch-listener.ts; in memory only: over TCP the connection's close is all there is).
 */
export const BODY_FAILED = "the stream of its Response body failed, and the connection closed there"

/**
 * The codes of a connection the app took and then closed or reset (never one it refused): the
 * app was listening when the request went out.
 */
export const TAKEN_THEN_CLOSED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])

/**
 * The guess for a connection closed with no answer begun. Only an in-process app's failures keep
 * the guess (an app by URL is probed, and that says more: http-transport.ts), and in this process
 * a crash is seen as one (a throw, an uncaught exception): a close is the app's own doing, where
 * "did the app crash?" sent the reader looking for a crash (audit-81).
 */
const CLOSED_UNANSWERED = ': the app closed it without answering (res.destroy() or req.socket.destroy() in its handler?)'

/**
 * The codes of a host name that did not resolve: not found (ENOTFOUND), or no answer from DNS for
 * now (EAI_AGAIN). No connection was made, so no request went out.
 */
export const HOST_NOT_FOUND = new Set(['ENOTFOUND', 'EAI_AGAIN'])

/** Each network code as a fact, and the guess a reader needs when nothing else says more. */
const reasons: Record<string, (ms: number, begun?: AnswerBegun) => { fact: string; guess?: string }> = {
  ECONNREFUSED: () => ({ fact: 'connection refused', guess: ': is the server running at that address?' }),
  ENOTFOUND: () => ({ fact: 'host not found' }),
  UND_ERR_HEADERS_TIMEOUT: (ms) => ({ fact: `no response within ${ms} ms`, guess: ' (the app never answered)' }),
  UND_ERR_BODY_TIMEOUT: (ms) => ({ fact: `the response body did not finish within ${ms} ms` }),
  UND_ERR_SOCKET: (_ms, begun) => ({
    fact: begun ? `${answerSoFar(begun)}, then the connection closed before the rest came` : 'the connection closed before a response came back',
    guess: begun ? ' (did the app crash?)' : CLOSED_UNANSWERED,
  }),
  ECONNRESET: (_ms, begun) => ({
    fact: begun ? `${answerSoFar(begun)}, then the connection was reset before the rest came` : 'the connection was reset before a response came back',
    guess: begun ? ' (did the app crash?)' : CLOSED_UNANSWERED,
  }),
  UND_ERR_CONNECT_TIMEOUT: (ms) => ({ fact: `could not connect within ${ms} ms` }),
}

/**
 * Turns undici's socket codes into a sentence, as supertest does for ECONNREFUSED. `guess: false`
 * leaves out the guess ("is the server running…?") for a caller that has checked and says so itself.
 * `begun`: the answer's headers had come (and some body, perhaps) when the connection ended, so
 * the sentence says what came, never "before a response came back".
 */
export function describeNetworkError(error: unknown, timeoutMs: number, { guess = true, begun }: { guess?: boolean; begun?: AnswerBegun } = {}): string {
  const code = networkCode(error)
  if (code === 'CALLSPEC_APP_THREW') return (error as Error).message
  // The app's socket timeout, unheard, made Node's server destroy the connection (app-timeout.ts).
  // The same for a fetch-style app's Response body that failed as it was being sent (fetch-listener.ts).
  if (code === 'CALLSPEC_APP_TIMED_OUT' || code === 'CALLSPEC_APP_BODY_FAILED') return begun ? `${answerSoFar(begun)}, then ${(error as Error).message}` : (error as Error).message
  const reason = code ? reasons[code]?.(timeoutMs, begun) : undefined
  if (reason) return guess && reason.guess ? reason.fact + reason.guess : reason.fact
  return error instanceof Error ? error.message : String(error)
}

/** undici's code for a network failure (a fetch-style timeout as the headers timeout), if it has one. */
export function networkCode(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name === 'TimeoutError' ? 'UND_ERR_HEADERS_TIMEOUT' : (error as { code?: string } | null)?.code
}

/** What an exchange had seen of the answer when it failed. */
export interface AnswerSeen {
  /** The final status, once its headers were read. */
  status?: number
  /** The last informational (1xx) status undici passed on. */
  informational?: number
}

/** undici's codes for a response its HTTP/1.1 parser could not read, or read wrong. */
const MALFORMED_CODES = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'])

/** Plain words for llhttp's reasons, by a phrase of its message. */
const PARSER_HINTS: Array<[RegExp, string]> = [
  [/Expected HTTP\//, 'what came back does not start with a status line (HTTP/1.1 200 OK): is an HTTP server listening at that address, and does it answer HTTP/1.1?'],
  [/Missing expected (CR|LF)/, 'the lines of an HTTP response end in CRLF (\\r\\n), not a bare LF: a response written by hand?'],
  [/header (value|field) char|header token/i, 'a header holds a character HTTP does not allow (a control character or a raw line break, in a value the app set?)'],
  [/chunk/i, 'the body is not framed as transfer-encoding: chunked requires (a hex size, CRLF, the data, CRLF, …, then 0 and CRLF CRLF)'],
]

/**
 * The sentence for an answer the app sent that is not HTTP/1.1 callspec's client (undici) can
 * read, or undefined when `error` is not one: undici's own reason, then what it means. A protocol
 * failure (`'protocol'`), not a network one: the app answered, so nothing about a crash or a drop.
 */
export function describeProtocolError(error: unknown, seen: AnswerSeen): string | undefined {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown }
  const code = typeof e.code === 'string' ? e.code : undefined
  const message = typeof e.message === 'string' ? e.message : ''
  // A 101 without "connection: upgrade" trips an assertion inside undici; with it, 'bad upgrade'.
  if (seen.informational === 101 || (code === 'UND_ERR_SOCKET' && message === 'bad upgrade')) {
    return 'the app answered 101 Switching Protocols to a webhook that asked for no protocol switch (callspec sends no Upgrade header), so the connection stopped being HTTP and no answer could follow: answer with a 2xx and the body.'
  }
  // undici says 'bad response' of a request in flight only for a 100 (client-h1.js, onHeadersComplete).
  if (code === 'UND_ERR_SOCKET' && message === 'bad response') {
    return "the app sent 100 Continue to a request that sent no Expect: 100-continue header, which callspec's HTTP client (undici) cannot take: it closes the connection on an unsolicited 100 (RFC 9110 lets a client ignore one; undici does not), so the answer after it was never read. Remove res.writeContinue() (or whatever sends the 100) from the webhook's handler."
  }
  if (e.name !== 'HTTPParserError' && !(code !== undefined && (code.startsWith('HPE_') || MALFORMED_CODES.has(code)))) return undefined
  const status = seen.status === undefined ? '' : ` HTTP ${seen.status}`
  return `the app answered${status} with a malformed HTTP response: ${message || code}${protocolHint(code, message, seen) ?? ''}`
}

function protocolHint(code: string | undefined, message: string, seen: AnswerSeen): string | undefined {
  if (seen.status === 204 || seen.status === 304) {
    return `; a ${seen.status} response has no body by definition (RFC 9110), so the bytes after its headers (or the content-length it declares) cannot be read as HTTP: answer 200 with the body, or send the ${seen.status} without one`
  }
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    // undici reports any parse error in a response that declared a content-length in these words (client-h1.js, createError).
    return seen.status === undefined
      ? "; undici says this of any response whose headers it cannot parse once they declared a content-length: here the headers are malformed (content-length given twice, or beside transfer-encoding: chunked; a content-length too large to be read as a number; a character HTTP does not allow in a header; lines ending in a bare LF, not CRLF)"
      : '; the body is not as long as its content-length header says'
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return `; the response's headers are larger than the HTTP client accepts (${maxHeaderSize} bytes, Node's --max-http-header-size)`
  const hint = PARSER_HINTS.find(([phrase]) => phrase.test(message))
  return hint ? `; ${hint[1]}` : undefined
}
