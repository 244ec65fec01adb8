/**
 * A body of the app's (or sent to it) as a failure prints it: control characters escaped, newline
 * and tab kept, and the first `max` characters, then its length. Printed raw, an EnableX request
 * body of NUL and control bytes made grep take vitest's output for a binary file, and an escape
 * sequence in it would act on the reader's terminal (ESC [2J clears it); a 100,000-character body
 * was printed whole.
 */
export function printableBody(body: string, max = 400): string {
  const escaped = escapeControls(body.length > max ? body.slice(0, max) : body)
  return body.length > max ? `${escaped}… (${body.length} chars)` : escaped
}

/**
 * `text` with its control characters escaped (`\x00`, `\x1b`, `\r`), newline and tab kept: for any
 * of the app's text a message quotes. So are the characters that print as nothing or reorder the
 * line (`\ufeff`, `\u202e`): a body with a byte-order mark was refused as `Unexpected token ''` (the mark between the quotes),
 * its cause invisible, and a bidi override turns the rest of the failure's line around.
 */
export function escapeControls(text: string): string {
  // C0 controls but \t and \n, DEL, and the C1 controls (U+009B is a terminal's CSI on its own).
  // eslint-disable-next-line no-control-regex
  const controls = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return controls.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * The byte-order mark (zero-width no-break space), zero-width space, the left-to-right and
 * right-to-left marks, the line and paragraph separators, and the bidi embeddings, overrides and
 * isolates. Not the zero-width joiner (U+200D), which holds emoji sequences together in spoken text.
 */
const INVISIBLE = /[\ufeff\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const ESCAPES: Readonly<Record<string, string>> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' }
