/**
 * The app's own text (a prompt, an error body, its output) as a report may show it: terminal
 * escape sequences (colours such as ESC[31m, cursor moves, titles) and other control characters
 * removed, new lines and tabs kept. An app that logs in colour must not repaint the reader's
 * terminal (pretty), show as raw codes (html), or break the XML (junit): one function for all.
 */
export const plainText = (text: string): string =>
  text
    // A failure's message holds the app's sequences escaped (`\x1b[31m`: run-flow.ts escapes its
    // control characters so a terminal never acts on them): dropped here as the raw ones are.
    .replace(/\\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    // eslint-disable-next-line no-control-regex -- removing control sequences is the point
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g, '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]/g, '')
