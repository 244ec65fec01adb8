import type { Evidence } from './rules.js'

/** One problem found in a payload, with the dot path zod reports (`audio[0].text`). */
export interface ValidationIssue {
  path: string
  message: string
  /** The value found at `path`, as JSON, shortened (absent when nothing was there). */
  received?: string
  /** The rule broken (`'8x8/unknown-keys'`), where the check is a graded rule. */
  rule?: string
  /** What breaking it does with the settings in force: 'error' fails the call, 'warn' is printed. */
  level?: 'warn' | 'error'
  evidence?: Evidence
  /** `rule 8x8/unknown-keys`: how a message names the rule (ruleCitation). */
  tag?: string
  /** The rule's evidence, its definition's `source`: `inferred: not documented`. */
  source?: string
  /**
   * callspec's own help, printed after the message: `did you mean "collectInput"?`. Kept apart
   * from `message`, which the fake vendor APIs quote in the error bodies they answer with.
   */
  hint?: string
}

/** A vendor's own error for a rejected payload, where the vendor documents one. */
export interface VendorError {
  /** HTTP status the vendor answers with, where it is an API request. */
  status?: number
  code: string | number
  message: string
  /**
   * The answer's body as the vendor (and callspec's fake API) sends it, where its fields are not
   * `code` and `message` (EnableX: `{result, msg, state}`): what `callspec validate` prints.
   */
  body?: Record<string, unknown>
  /**
   * true: the payload fails only by rules callspec inferred (under `strict`, or a rule set to
   * 'error'), so this answer is callspec's own, in the vendor's terms: the vendor documents none
   * for it (helper-124's audit: an 8x8 -1012 callspec made up read as 8x8's).
   */
  inferred?: true
}

export interface ValidationResult {
  /** False when any issue is at level 'error'; warnings alone leave it true. */
  ok: boolean
  issues: ValidationIssue[]
  vendorError?: VendorError
}
