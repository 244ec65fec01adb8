/**
 * Base of every error callspec throws. The brand getter lets `isCallspecError` recognise
 * errors from the other module format (ESM and CJS builds each have their own class).
 */
export class CallspecError extends Error {
  override name = 'CallspecError'
  get isCallspecError(): true {
    return true
  }
}

export const isCallspecError = (error: unknown): error is CallspecError =>
  error instanceof CallspecError ||
  (typeof error === 'object' && error !== null && (error as { isCallspecError?: unknown }).isCallspecError === true)
