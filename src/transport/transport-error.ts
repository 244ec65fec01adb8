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

const reasons: Record<string, (ms: number) => string> = {
  ECONNREFUSED: () => 'connection refused: is the server running at that address?',
  ENOTFOUND: () => 'host not found',
  UND_ERR_HEADERS_TIMEOUT: (ms) => `no response within ${ms} ms (the app never answered)`,
  UND_ERR_BODY_TIMEOUT: (ms) => `the response body did not finish within ${ms} ms`,
  UND_ERR_SOCKET: () => 'the connection closed before a response came back (did the app crash?)',
  ECONNRESET: () => 'the connection was reset before a response came back (did the app crash?)',
  UND_ERR_CONNECT_TIMEOUT: (ms) => `could not connect within ${ms} ms`,
}

/** Turns undici's socket codes into a sentence, as supertest does for ECONNREFUSED. */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  if ((error as { name?: string } | null)?.name === 'TimeoutError') return reasons.UND_ERR_HEADERS_TIMEOUT!(timeoutMs)
  const code = (error as { code?: string } | null)?.code
  if (code === 'CALLSPEC_APP_THREW') return (error as Error).message
  const describe = code ? reasons[code] : undefined
  if (describe) return describe(timeoutMs)
  return error instanceof Error ? error.message : String(error)
}
