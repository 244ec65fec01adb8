import { CallspecError } from './callspec-error.js'

/**
 * A step of the call did not see what the test said it would.
 * Carries `actual` and `expected` so vitest prints a diff under the message.
 */
export class FlowAssertionError extends CallspecError {
  override name = 'FlowAssertionError'
  readonly showDiff: boolean
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
  ) {
    super(message)
    this.showDiff = actual !== undefined && expected !== undefined
  }
}
