import { TextDecoder } from 'node:util'

/**
 * The text of an HTTP body, read by its Content-Type's charset: an app's answer to a webhook and an
 * app's request to a fake vendor API alike.
 *
 * Inferred (no vendor documents what it does with either): RFC 8259 has JSON between systems in
 * UTF-8 and defines no charset parameter, but the HTTP stacks a platform plausibly runs on (Java's,
 * .NET's, Python's requests) decode a body by the charset it names. Read as UTF-8 whatever it said,
 * `charset=iso-8859-1` with "Señor" in latin1 bytes put "Se�or" in the transcript, and
 * toHavePlayed('Señor') failed on a prompt the app had sent right. A charset this runtime cannot
 * decode, or none, is read as UTF-8, as before.
 *
 * A UTF-8 byte order mark before the JSON is dropped (TextDecoder does, by default): RFC 8259 lets a
 * parser ignore it, and Express's body parser (iconv-lite) and .NET's readers do. Read with
 * Buffer#toString it stayed, and JSON.parse refused the body ("Unexpected token '\ufeff'"), so a
 * fake API answered 400 and failed the call on a point no vendor documents.
 */
export function bodyText(bytes: Uint8Array, contentType: string | undefined): string {
  const decoder = decoderFor(charsetOf(contentType))
  if (decoder !== utf8 && SINGLE_BYTE.test(decoder.encoding)) {
    const asUtf8 = mislabelledUtf8(bytes)
    if (asUtf8 !== undefined) return asUtf8
  }
  return decoder.decode(bytes)
}

/**
 * A body labelled with a one-byte charset (latin1, windows-1252) whose bytes are UTF-8 all the same,
 * with characters past ASCII: read as UTF-8. An app on Node writes a string body as UTF-8 whatever
 * its Content-Type says (fetch, http's write, Express's send), so `charset=iso-8859-1` copied from
 * an older API's docs labels UTF-8 bytes; read by the label, "Señor" was "SeÃ±or" and
 * toHavePlayed('Señor') failed on the decode callspec only inferred, where it passed before. Text
 * really in latin1 is almost never valid UTF-8 (an "ñ" is one byte 0xF1, a UTF-8 lead byte with no
 * continuation after it), so it is still read by its label.
 */
function mislabelledUtf8(bytes: Uint8Array): string | undefined {
  if (!bytes.some((b) => b >= 0x80)) return undefined
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

/** The WHATWG encodings of one byte a character: a multi-byte one (UTF-16, Shift_JIS) is read by its label. */
const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|ibm866|koi8-[ru]|macintosh|x-mac-cyrillic|windows-874)$/

const utf8 = new TextDecoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const decoders = new Map<string, TextDecoder>()

function decoderFor(charset: string | undefined): TextDecoder {
  if (charset === undefined) return utf8
  let decoder = decoders.get(charset)
  if (!decoder) {
    try {
      decoder = new TextDecoder(charset)
    } catch {
      // Not a label this runtime knows (a typo, or a Node built without full ICU): read as UTF-8.
      decoder = utf8
    }
    // Bounded: an app could name a new charset on every request.
    if (decoders.size < 32) decoders.set(charset, decoder)
  }
  return decoder
}

/** The charset parameter of a Content-Type, lower-cased and unquoted; undefined where it names none. */
function charsetOf(contentType: string | undefined): string | undefined {
  const found = contentType && /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType)
  const charset = found ? (found[1] ?? found[2])?.trim().toLowerCase() : undefined
  return charset || undefined
}
