/**
 * Base of every error callspec throws. The brand getter lets `isCallspecError` recognise
 * errors from the other module format (ESM and CJS builds each have their own class).
 */
export class CallspecError extends Error {
  override name = 'CallspecError'
  get isCallspecError(): true {
    return true
  }

  /**
   * The error as data: its own properties (a diff's actual and expected, a cause) with its name,
   * message and stack, not the data fields below. vitest copies an unhandled rejection across to
   * its main process property by property, prototype getters too, and printed the transcript
   * again as a "Serialized Error" dump; it takes toJSON() when there is one.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const key of Object.getOwnPropertyNames(this)) out[key] = (this as unknown as Record<string, unknown>)[key]
    out.name = this.name
    out.message = this.message
    out.stack = this.stack
    return out
  }
}

/** Where an error's data fields live: a symbol key, which no property listing shows. */
const FIELDS = Symbol('callspec.errorFields')

/**
 * The data a failure carries for code (the call's transcript, the validation issues, the step and
 * the marks), read and written as plain properties but kept off the error's own property names:
 * a test runner prints those under the message (vitest's "Serialized Error", and it serialises
 * them across workers), and the transcript the message already shows came out again as 3-5 KB
 * of one-line object dump under every failure (measured from the packed package).
 */
const DATA_FIELDS = ['transcript', 'issues', 'stepIndex', 'decorated', 'markAction', 'markTurn', 'markReason', 'scenarioStep', 'unreachable', 'refused', 'hostNotFound', 'apiMissing', 'warnings'] as const

for (const key of DATA_FIELDS) {
  Object.defineProperty(CallspecError.prototype, key, {
    configurable: true,
    get(this: { [FIELDS]?: Record<string, unknown> }) {
      return this[FIELDS]?.[key]
    },
    set(this: { [FIELDS]?: Record<string, unknown> }, value: unknown) {
      if (!Object.prototype.hasOwnProperty.call(this, FIELDS)) Object.defineProperty(this, FIELDS, { value: {}, configurable: true })
      this[FIELDS]![key] = value
    },
  })
}

export const isCallspecError = (error: unknown): error is CallspecError =>
  error instanceof CallspecError ||
  (typeof error === 'object' && error !== null && (error as { isCallspecError?: unknown }).isCallspecError === true)
