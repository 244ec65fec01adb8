import { CallspecError } from './callspec-error.js'
import type { ValidationIssue } from '../validation/types.js'

/** A payload failed the vendor's schema or sequencing rules. The issues are kept as data. */
export class VendorPayloadError extends CallspecError {
  override name = 'VendorPayloadError'
  /** Declared, not a field: it is stored off the error's own properties (see callspec-error.ts). */
  declare readonly issues: readonly ValidationIssue[]
  constructor(message: string, issues: readonly ValidationIssue[]) {
    super(message)
    ;(this as { issues: readonly ValidationIssue[] }).issues = issues
  }
}
