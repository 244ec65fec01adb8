/**
 * A request body the app compressed (`Content-Encoding: gzip`, `deflate`, `br`). No vendor callspec
 * plays documents taking one, and callspec's fake APIs read a body as it was sent, so such a body
 * is refused as not JSON, as before; but the failure said only "not JSON at line 1, column 1, where
 * it reads \x1f…: Unexpected token '\x1f'" and printed the compressed bytes, its cause left to guess
 * (helper-187: an app whose HTTP client compresses request bodies, axios' or got's `decompress`
 * twin, or a gzip middleware of its own).
 */

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
