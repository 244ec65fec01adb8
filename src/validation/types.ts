/** One problem found in a payload, with the dot path zod reports (`audio[0].text`). */
export interface ValidationIssue {
  path: string
  message: string
}

/** A vendor's own error for a rejected payload, where the vendor documents one. */
export interface VendorError {
  /** HTTP status the vendor answers with, where it is an API request. */
  status?: number
  code: string | number
  message: string
}

export interface ValidationResult {
  ok: boolean
  issues: ValidationIssue[]
  vendorError?: VendorError
}
