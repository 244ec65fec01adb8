/**
 * Prompts carry dynamic parts (a balance, a date, a count of messages): they are folded so one
 * menu stays one node. Numbers, amounts, times and phone numbers become `#`, except the keys a
 * menu offers (`Press 1 for your balance, or 2 to speak to an agent`, `dial 0`): a report that
 * read `Press # … or # …` could not say which key is which. Long prompts are kept whole (ids),
 * labels are shortened.
 */
export function normalisePrompt(text: string): string {
  return normalise(text, true)
}

/**
 * The prompt with every number folded, the menu keys too: what node ids are made of. Ids made so
 * before menu keys were kept in labels (graphs saved by `callspec explore --graph` then) stay the
 * ids of the same points, so a saved graph still matches a run.
 */
export function foldPrompt(text: string): string {
  return normalise(text, false)
}

/**
 * A failure's headline as a node's label: folded as a prompt, but HTTP statuses kept (`HTTP 500`,
 * `a 2xx`). The status is what tells one failure from another, and folded, an app's 500 and its
 * 503 were one node reading "HTTP #" (audit-81 finding 5).
 */
export function normaliseFailure(text: string): string {
  return normalise(text, true, true)
}

/** A failure's headline as its node's id is made: numbers folded (a port, a count), HTTP statuses kept. */
export function foldFailure(text: string): string {
  return normalise(text, false, true)
}

function normalise(text: string, keepKeys: boolean, keepStatus = false): string {
  const fold = (part: string) => foldText(part, keepKeys)
  // A URL keeps its host (a failure's `POST http://127.0.0.1:8790/ivr/events`, an audio file's
  // `https://s3-us-west-2.amazonaws.com/…`): its port, which changes from run to run, and the
  // numbers of its path are folded. Folded as text, the first read `http://#ivr/events`.
  return text
    .split(URL_PART)
    .map((part, i) => (i % 2 === 1 ? foldUrl(part) : keepStatus ? part.split(STATUS_PART).map((p, j) => (j % 2 === 1 ? p : fold(p))).join('') : fold(part)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

/** HTTP statuses in a failure's words (`HTTP 500`, `a 2xx`), captured so that split() keeps them. */
const STATUS_PART = /(\bHTTP [1-5]\d\d\b|\b[1-5]xx\b)/

/** URLs, captured so that split() keeps them (at odd indexes). */
const URL_PART = /(\bhttps?:\/\/[^\s)"'`]+)/

function foldUrl(url: string): string {
  const [, scheme = '', host = '', rest = ''] = /^(https?:\/\/)([^/?#]*)(.*)$/.exec(url) ?? []
  return `${scheme}${host.replace(/:\d+$/, ':<port>')}${rest.replace(/\d+/g, '#')}`
}

/** A number, an amount, a time, a phone number: one `#`. */
const NUMBER = /(?<![\p{L}\d])[$€£¥]?\+?\d[\d,.:/-]*(?:\s?(?:am|pm|AM|PM)\b)?/gu

function foldText(text: string, keepKeys: boolean): string {
  const named = text.replace(/\b(Hi|Hello|Dear|Welcome back),? [A-Z][a-z]+\b/g, '$1 #name')
  const keys = keepKeys ? keyOffsets(named) : new Set<number>()
  return named.replace(NUMBER, (number, offset: number) => (keys.has(offset) ? number : '#')).replace(/\$\{[^}]+\}/g, '#')
}

/** A word that puts a key after it: `press 1`, `dial 0`, `press the 1 key`, `press or say 2`. */
const KEY_WORD = /\b(?:press|dial|enter|select|choose|push|touch|hit|key|option|say)\s+(?:the\s+)?(?:(?:number|key|digit)\s+)?$/i
/** Between two keys of one list: `Press 1 for your balance, 2 to …, or 3 to …`. */
const LIST_GLUE = /(?:,|\bor|\band)\s*$/i
/** A lone digit (with the comma, period or colon after it that NUMBER takes along). */
const ONE_DIGIT = /^\d[,.:]?$/

/**
 * Where the keys a menu's prompt offers start in `text`: a lone digit right after a key word
 * (`press 1`, `dial 0`), or after a comma, `or`, `and` later in the same sentence as one
 * (`Press 1 for your balance, or 2 to speak to an agent`). Amounts, long numbers, a digit in
 * other words (`your 3 messages`) are no keys.
 */
function keyOffsets(text: string): Set<number> {
  const keys = new Set<number>()
  let inList = false
  let last = 0
  for (const match of text.matchAll(NUMBER)) {
    const number = match[0]
    const offset = match.index
    // From the last number's last character, which may be the list's comma (`Press 1, 2, or 3`).
    const gap = text.slice(Math.max(0, last - 1), offset)
    last = offset + number.length
    if (/[.!?;](?:\s|$)/.test(gap.slice(1))) inList = false
    const key = ONE_DIGIT.test(number) && (KEY_WORD.test(text.slice(0, offset)) || (inList && LIST_GLUE.test(gap)))
    if (key) keys.add(offset)
    // A list goes on from a key, to the end of its sentence (`… or 2.` ends it too).
    if (key) inList = !number.endsWith('.')
    else if (/[.!?]$/.test(number)) inList = false
  }
  return keys
}

/**
 * The keys a menu's prompt offers, read from its normalised prompt (where they are kept): the
 * digits as above, `*` and `#` where the prompt says star, pound, hash or shows the sign (a `#` may
 * be a folded number: counted as offered, so it is never called invalid on a guess). Empty when the
 * prompt names no digit key: then nothing is known of what the menu takes.
 */
export function offeredKeys(prompt: string, signs = true): Set<string> {
  const keys = new Set<string>()
  for (const offset of keyOffsets(prompt)) keys.add(prompt[offset]!)
  if (keys.size === 0) return keys
  // `signs: false`: `*` and `#` only where said in words, for a caller that must not count a folded number as a key.
  if ((signs && prompt.includes('*')) || /\bstar\b/i.test(prompt)) keys.add('*')
  if ((signs && prompt.includes('#')) || /\b(?:pound|hash)\b/i.test(prompt)) keys.add('#')
  return keys
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
