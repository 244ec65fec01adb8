/**
 * `${…}` interpolation in SAY text (§3.2, §4.1): `${keyPresses}`, `${sessionData.firstName}`,
 * `${callTime}`. The docs only ever put a variable path inside, so that is all that is accepted
 * (a leading `$` is tolerated); anything else is a script error found before the call goes on.
 */
import { BEHAVIOUR } from '../behaviour.js'
import { resolvePath, type Read } from './evaluate.js'

const PLACEHOLDER = /\$\{([^}]*)\}/g
const PATH = /^\s*\$?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*$/

/** The variable paths of every placeholder, or the problems with malformed ones. */
export function templatePaths(text: string): { paths: string[][]; problems: string[] } {
  const paths: string[][] = []
  const problems: string[] = []
  for (const [whole, inner] of text.matchAll(PLACEHOLDER)) {
    const m = PATH.exec(inner!)
    if (m) paths.push(m[1]!.split('.'))
    else problems.push(`${whole} is not a variable such as \${keyPresses} or \${sessionData.name}`)
  }
  if (/\$\{[^}]*$/.test(text)) problems.push('a ${ is never closed with }')
  return { paths, problems }
}

/** The text with every placeholder replaced; `missing` lists placeholders whose value was undefined or null. */
export function renderTemplate(text: string, roots: Readonly<Record<string, unknown>>): { text: string; reads: Read[]; missing: string[] } {
  const reads: Read[] = []
  const missing: string[] = []
  const out = text.replace(PLACEHOLDER, (whole, inner: string) => {
    const m = PATH.exec(inner)
    if (!m) return whole
    const value = resolvePath(roots, m[1]!.split('.'))
    reads.push({ text: whole, value })
    if (value === undefined || value === null) {
      missing.push(whole)
      return BEHAVIOUR.missingTemplateValue
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value)
  })
  return { text: out, reads, missing }
}
