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

/** `text` with its control characters escaped (`\x00`, `\x1b`, `\r`), newline and tab kept: for any of the app's text a message quotes. */
export function escapeControls(text: string): string {
  // C0 controls but \t and \n, DEL, and the C1 controls (U+009B is a terminal's CSI on its own).
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

const ESCAPES: Readonly<Record<string, string>> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' }
