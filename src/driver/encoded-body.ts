import type { ApiRequest } from '../api/types.js'
import { tagIssues } from '../validation/graded-check.js'
import type { RuleBook } from '../validation/rules.js'
import type { ValidationIssue } from '../validation/types.js'

/**
 * A request body the app compressed (`Content-Encoding: gzip`, `deflate`, `br`). No vendor callspec
 * plays documents taking one. The fake APIs decode gzip, deflate and br (src/api/decode-body.ts)
 * and each driver warns of it under its rule `<platform>/compressed-body`, inferred: refused as
 * not JSON, such a body failed the call under the vendor's documented invalid-JSON rule (8x8's,
 * Webex Connect's), on a point the vendor never made (helper-205). A coding callspec does not
 * decode (`compress`, `zstd`) is still read as sent, and refused as not JSON; the failure then
 * names the encoding, not "not JSON at line 1, column 1, where it reads \x1f…", and prints no
 * compressed bytes (helper-187).
 */

/**
 * The issue for a body callspec decoded (`request.decodedFrom`), at the level of the driver's
 * `rule` (`<platform>/compressed-body`); undefined for a body sent plain, or the rule off. At
 * error (strict) the driver refuses the request 415, the answer callspec's.
 */
export function compressedBodyIssue(request: ApiRequest, rules: RuleBook, rule: string, vendor: string): ValidationIssue | undefined {
  if (request.decodedFrom === undefined) return undefined
  const breach = rules.breach(rule)
  if (!breach) return undefined
  const issue = {
    path: '',
    message: `the body came compressed (Content-Encoding: ${request.decodedFrom}), and ${vendor} documents no compressed request body`,
    atWarn: `; callspec decoded it and read it as sent uncompressed, as the servers in front of such an API plausibly do (callspec's inference: the platform may refuse it instead; send it uncompressed to be sure)`,
  }
  return tagIssues([issue], breach)[0]
}

/** The refusal's words when the rule is at error: callspec's, no vendor documenting the case. */
export const COMPRESSED_REFUSED = 'Unsupported Content-Encoding: send the request body uncompressed'

/** The request's Content-Encoding, when it names one (anything but `identity`). */
export function bodyEncoding(headers: Record<string, string | undefined>): string | undefined {
  const encoding = headers['content-encoding']?.trim()
  return encoding && encoding.toLowerCase() !== 'identity' ? encoding : undefined
}

/** Said of a body that is not JSON and came encoded: why, whose reading it is, and what to change. */
export function encodedBodySaid(encoding: string, vendor: string): string {
  return `it came with Content-Encoding: ${encoding}, and callspec's fake API reads a request body as sent, without decoding it (${vendor} documents no compressed request body; callspec's inference): send the body uncompressed (no Content-Encoding header)`
}

/** The body as a failure prints it when it came encoded: its bytes mean nothing to a reader. */
export const encodedBodyShown = (encoding: string): string => `(${encoding}-encoded: not shown)`
