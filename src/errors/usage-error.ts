/** Misuse of the API: a TypeError whose message says what to do instead. */
export class CallspecUsageError extends TypeError {
  override name = 'CallspecUsageError'
  get isCallspecError(): true {
    return true
  }
}
