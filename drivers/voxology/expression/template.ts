/**
 * `${…}` interpolation in SAY text (Voxology's SAY reference; Voxology's Variables reference):
 * `${keyPresses}`, `${sessionData.firstName}`, `${callTime}`. The docs only ever put a variable
 * path inside, so that is all that is filled in (a leading `$` is tolerated); any other placeholder
 * is spoken as written, and reported (rule voxology/templates, inferred: the docs do not say what
 * the platform does with one).
 *
 * The scan is one pass with indexOf, never a regex over the rest of the text: a text of 150,000
 * unclosed `${` made the old `/\$\{([^}]*)\}/g` rescan to the end for each one (16 s, quadratic).
 */
import { BEHAVIOUR } from '../behaviour.js'
import { LIMITS } from '../limits.js'
import { resolvePath, type Read } from './evaluate.js'

const PATH = /^\s*\$?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*$/

/** The variable path inside a placeholder, or undefined; memoised per text, since long texts repeat the same few. */
function pathReader(): (inner: string) => string[] | undefined {
  const known = new Map<string, string[] | undefined>()
  return (inner) => {
    if (known.has(inner)) return known.get(inner)
    const m = PATH.exec(inner)
    const path = m ? m[1]!.split('.') : undefined
    known.set(inner, path)
    return path
  }
}

/** One `${…}` in a text: where it starts and ends, and what is inside. */
export interface Placeholder {
  start: number
  end: number
  inner: string
}

/** Every closed placeholder, in order, and whether a `${` is left unclosed at the end. Linear in the text's length. */
export function scan(text: string): { placeholders: Placeholder[]; unclosed: boolean } {
  const placeholders: Placeholder[] = []
  let from = 0
  for (;;) {
    const start = text.indexOf('${', from)
    if (start < 0) return { placeholders, unclosed: false }
    const close = text.indexOf('}', start + 2)
    // No `}` after this `${`: none after any later `${` either, so the scan is over.
    if (close < 0) return { placeholders, unclosed: true }
    placeholders.push({ start, end: close + 1, inner: text.slice(start + 2, close) })
    from = close + 1
  }
}

/**
 * The variable paths of every placeholder, and the placeholders that are not a variable path
 * (the first LIMITS.maxTemplateProblems, and a count): those are spoken as written.
 */
export function templatePaths(text: string): { paths: string[][]; problems: string[] } {
  const paths: string[][] = []
  const problems: string[] = []
  let bad = 0
  const { placeholders, unclosed } = scan(text)
  const read = pathReader()
  for (const { inner } of placeholders) {
    const path = read(inner)
    if (path) paths.push(path)
    else if (++bad <= LIMITS.maxTemplateProblems) problems.push(`${shorten(`\${${inner}}`)} is spoken as written: Voxology documents only a variable in \${…}, such as \${keyPresses} or \${sessionData.name}`)
  }
  if (bad > LIMITS.maxTemplateProblems) problems.push(`… and ${bad - LIMITS.maxTemplateProblems} more placeholders that are not variables`)
  if (unclosed) problems.push('a ${ is never closed with }: it is spoken as written')
  return { paths, problems }
}

/** The text with every placeholder replaced; `missing` lists placeholders whose value was undefined or null. */
export function renderTemplate(text: string, roots: Readonly<Record<string, unknown>>): { text: string; reads: Read[]; missing: string[] } {
  const reads: Read[] = []
  const missing: string[] = []
  const parts: string[] = []
  let last = 0
  const read = pathReader()
  for (const { start, end, inner } of scan(text).placeholders) {
    const path = read(inner)
    if (!path) continue
    const whole = text.slice(start, end)
    const value = resolvePath(roots, path)
    reads.push({ text: whole, value })
    parts.push(text.slice(last, start))
    if (value === undefined || value === null) {
      // Each once: the transcript's note must not repeat a placeholder 150,000 times.
      if (!missing.includes(whole)) missing.push(whole)
      parts.push(BEHAVIOUR.missingTemplateValue)
    } else {
      parts.push(asJavaScriptString(value))
    }
    last = end
  }
  parts.push(text.slice(last))
  return { text: parts.join(''), reads, missing }
}

/**
 * A value as JavaScript's `${…}` (String()) writes it, as callspec's conditions read it: an array
 * is its items joined with commas (`pizza,soda`; null and undefined items empty, nested arrays
 * flattened), an object `[object Object]`. [inferred] The docs show only scalars in SAY text and
 * say templates and conditions are "evaluated like JavaScript". Written out rather than String()
 * itself: JSON data may carry a "toString" key that is not a function, where String() throws.
 */
export function asJavaScriptString(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => (item === undefined || item === null ? '' : asJavaScriptString(item))).join(',')
  if (typeof value === 'object' && value !== null) return '[object Object]'
  return String(value)
}

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text)
