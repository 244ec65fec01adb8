import { fromUsersCode } from '../utils/own-files.js'

/**
 * Misuse of the API: a TypeError whose message says what to do instead. Its stack starts at the
 * user's line: callspec's frames above it point into the package's bundles (`callTo2` in
 * `node_modules/callspec/src/…`, a file not shipped), where no fix is.
 */
export class CallspecUsageError extends TypeError {
  override name = 'CallspecUsageError'

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    if (typeof this.stack === 'string') this.stack = fromUsersCode(this.stack)
  }

  get isCallspecError(): true {
    return true
  }
}
