/**
 * Prompts carry dynamic parts (a balance, a date, a count of messages): they are folded so one
 * menu stays one node. Numbers, amounts, times and phone numbers become `#`; long prompts are
 * kept whole (ids), labels are shortened.
 */
export function normalisePrompt(text: string): string {
  // A URL keeps its host (a failure's `POST http://127.0.0.1:8790/ivr/events`, an audio file's
  // `https://s3-us-west-2.amazonaws.com/…`): its port, which changes from run to run, and the
  // numbers of its path are folded. Folded as text, the first read `http://#ivr/events`.
  return text
    .split(URL_PART)
    .map((part, i) => (i % 2 === 1 ? foldUrl(part) : foldText(part)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

/** URLs, captured so that split() keeps them (at odd indexes). */
const URL_PART = /(\bhttps?:\/\/[^\s)"'`]+)/

function foldUrl(url: string): string {
  const [, scheme = '', host = '', rest = ''] = /^(https?:\/\/)([^/?#]*)(.*)$/.exec(url) ?? []
  return `${scheme}${host.replace(/:\d+$/, ':<port>')}${rest.replace(/\d+/g, '#')}`
}

function foldText(text: string): string {
  return text
    .replace(/\b(Hi|Hello|Dear|Welcome back),? [A-Z][a-z]+\b/g, '$1 #name')
    .replace(/(?<![\p{L}\d])[$€£¥]?\+?\d[\d,.:/-]*(?:\s?(?:am|pm|AM|PM)\b)?/gu, '#')
    .replace(/\$\{[^}]+\}/g, '#')
}

/** Shortens a label for a flowchart box or a report line. */
export function shorten(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A compact, stable id from a string (FNV-1a, hex): Mermaid ids must be plain words. */
export function hashId(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}
