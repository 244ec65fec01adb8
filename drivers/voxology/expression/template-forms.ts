/**
 * Variables written in SAY text in a form the docs do not show there (Voxology's SAY reference;
 * Voxology's Variables reference): `$keyPresses` (the syntax of IF conditions) and
 * `{{$keyPresses}}` (seen only in a third-party script, unverified). Voxology documents
 * `${keyPresses}` in text; what it does with these is not documented, so callspec speaks them as
 * written and says so (rule voxology/templates, inferred).
 *
 * One linear pass each (indexOf, and a regex that cannot backtrack), like the placeholder scan:
 * a text may be hundreds of kilobytes.
 */
import { LIMITS } from '../limits.js'
import { scan } from './template.js'

/** `$sessionData.name`: a `$` with a variable path after it. */
const BARE = /\$([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)/g

/** One message per distinct form (the first LIMITS.maxTemplateProblems), saying what the caller hears and what to write. */
export function undocumentedForms(text: string): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  const add = (form: string, message: string) => {
    if (seen.has(form) || problems.length >= LIMITS.maxTemplateProblems) return
    seen.add(form)
    problems.push(message)
  }
  // Where `${…}` and `{{…}}` are: a `$name` inside either is not a bare variable.
  const taken: Array<[number, number]> = scan(text).placeholders.map((p) => [p.start, p.end])
  for (let from = 0; ; ) {
    const start = text.indexOf('{{', from)
    if (start < 0) break
    const close = text.indexOf('}}', start + 2)
    if (close < 0) break
    const form = text.slice(start, close + 2)
    taken.push([start, close + 2])
    const path = /^\{\{\s*\$?([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/.exec(form)?.[1]
    if (path) {
      add(form, `${form} is spoken as written: Voxology documents \${${path}} in SAY text ({{…}} is seen only in a third-party script, unverified); write \${${path}}`)
    }
    from = close + 2
  }
  taken.sort((a, b) => a[0] - b[0])
  let next = 0
  for (const m of text.matchAll(BARE)) {
    const at = m.index
    while (next < taken.length && taken[next]![1] <= at) next++
    if (next < taken.length && taken[next]![0] <= at) continue
    const form = m[0]
    add(form, `${form} is spoken as written: in SAY text Voxology reads a variable as \${${m[1]}} (${form} is how IF conditions read it); write \${${m[1]}}`)
    if (problems.length >= LIMITS.maxTemplateProblems) break
  }
  return problems
}
