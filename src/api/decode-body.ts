import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'

/**
 * A request body the app compressed (`Content-Encoding: gzip`, `deflate`, `br`), decoded as the
 * servers in front of a vendor's API plausibly do. No vendor callspec plays documents taking one
 * (callspec's inference, rule `<platform>/compressed-body`, a warning): nginx and the API gateways
 * such APIs sit behind either decode it or answer 415, and refusing it as "not JSON" failed a call
 * under the vendor's documented invalid-JSON rule for what the vendor never said (helper-205).
 *
 * Bounded: the decoded size is held to the same cap as a body sent plain (zlib's maxOutputLength
 * stops inflating at it), so a small zip bomb is refused 413, never inflated whole in memory.
 */

/** What decoding gave: the bytes the app meant (`from`: the encodings undone, as sent), or why not. */
export type DecodedBody =
  | { bytes: Buffer; from?: string }
  | { problem: 'undecodable'; encoding: string; reason: string }
  | { problem: 'too large'; encoding: string }

/** The codings callspec undoes, by their HTTP names (RFC 9110, section 8.4.1; `x-gzip` is gzip's alias). */
const DECODERS: Record<string, (bytes: Buffer, max: number) => Buffer> = {
  gzip: (bytes, max) => gunzipSync(bytes, { maxOutputLength: max }),
  'x-gzip': (bytes, max) => gunzipSync(bytes, { maxOutputLength: max }),
  br: (bytes, max) => brotliDecompressSync(bytes, { maxOutputLength: max }),
  // HTTP's "deflate" is the zlib format, but some clients send raw deflate: both are read, as browsers do.
  deflate: (bytes, max) => {
    try {
      return inflateSync(bytes, { maxOutputLength: max })
    } catch (error) {
      if (isTooLarge(error)) throw error
      return inflateRawSync(bytes, { maxOutputLength: max })
    }
  },
}

/**
 * `bytes` as the app meant them, by its Content-Encoding header (codings listed in the order
 * applied, so undone last first). A coding callspec does not know (`compress`, `zstd`) leaves the
 * body as sent: the drivers say then that it came encoded and was not decoded.
 */
export function decodeBody(bytes: Buffer, contentEncoding: string | undefined, max: number): DecodedBody {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
  // No bytes, nothing encoded (a DELETE from a client that sends the header on every request):
  // zlib reads an empty gzip as cut short, and refused it 400 (h208).
  if (bytes.length === 0 || codings.length === 0 || !codings.every((c) => c in DECODERS)) return { bytes }
  let decoded = bytes
  for (const coding of [...codings].reverse()) {
    try {
      decoded = DECODERS[coding]!(decoded, max)
    } catch (error) {
      if (isTooLarge(error)) return { problem: 'too large', encoding: coding }
      return { problem: 'undecodable', encoding: coding, reason: error instanceof Error ? error.message : String(error) }
    }
  }
  return { bytes: decoded, from: codings.join(', ') }
}

const isTooLarge = (error: unknown): boolean => error instanceof RangeError && (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
