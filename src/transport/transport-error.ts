import { CallspecError } from '../errors/callspec-error.js'
import type { WireRequest } from '../session/types.js'

/** What went wrong with an exchange: the deadline passed, the answer was too large, or the network failed. */
export type TransportFailure = 'timeout' | 'too-large' | 'network'

/** The app could not be reached, or did not answer in time. The message says which, in words. */
export class TransportError extends CallspecError {
  override name = 'TransportError'
  constructor(
    message: string,
    readonly request: WireRequest,
    override readonly cause?: unknown,
    readonly failure: TransportFailure = 'network',
  ) {
    super(message)
  }
}

/** Each network code as a fact, and the guess a reader needs when nothing else says more. */
const reasons: Record<string, (ms: number) => { fact: string; guess?: string }> = {
  ECONNREFUSED: () => ({ fact: 'connection refused', guess: ': is the server running at that address?' }),
  ENOTFOUND: () => ({ fact: 'host not found' }),
  UND_ERR_HEADERS_TIMEOUT: (ms) => ({ fact: `no response within ${ms} ms`, guess: ' (the app never answered)' }),
  UND_ERR_BODY_TIMEOUT: (ms) => ({ fact: `the response body did not finish within ${ms} ms` }),
  UND_ERR_SOCKET: () => ({ fact: 'the connection closed before a response came back', guess: ' (did the app crash?)' }),
  ECONNRESET: () => ({ fact: 'the connection was reset before a response came back', guess: ' (did the app crash?)' }),
  UND_ERR_CONNECT_TIMEOUT: (ms) => ({ fact: `could not connect within ${ms} ms` }),
}

/**
 * Turns undici's socket codes into a sentence, as supertest does for ECONNREFUSED. `guess: false`
 * leaves out the guess ("is the server running…?") for a caller that has checked and says so itself.
 */
export function describeNetworkError(error: unknown, timeoutMs: number, { guess = true } = {}): string {
  const code = (error as { name?: string } | null)?.name === 'TimeoutError' ? 'UND_ERR_HEADERS_TIMEOUT' : (error as { code?: string } | null)?.code
  if (code === 'CALLSPEC_APP_THREW') return (error as Error).message
  const reason = code ? reasons[code]?.(timeoutMs) : undefined
  if (reason) return guess && reason.guess ? reason.fact + reason.guess : reason.fact
  return error instanceof Error ? error.message : String(error)
}
