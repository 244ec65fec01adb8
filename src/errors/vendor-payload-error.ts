import { CallspecError } from './callspec-error.js'
import type { ValidationIssue } from '../validation/types.js'

/** A payload failed the vendor's schema or sequencing rules. The issues are kept as data. */
export class VendorPayloadError extends CallspecError {
  override name = 'VendorPayloadError'
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(message)
  }
}
