/** `text` as RegExp source that matches it literally; `/` escaped too, so it can stand between slashes (`/1\/2/`). */
export const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
