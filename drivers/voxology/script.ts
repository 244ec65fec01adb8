/**
 * Reading a callback answer into a runnable script: the action types (type-check.ts: unknown ones
 * are skipped), the shape (zod), then the rules a schema cannot express: labels and GOTO targets,
 * conditions and templates that parse and read known variables, COLLECT names, and the inferred
 * checks of action-checks.ts. Every problem carries the path of the action at fault in the app's
 * answer (`actions[3].then[0].params.label`), and all of them are found before anything runs;
 * each is graded by its rule, so the inferred ones warn and the script still runs.
 */
import { gradedCheck, quoteValue, tagIssues, tooDeep, type RuleBook, type SchemaRules, type ValidationIssue } from '../../src/driver/index.js'
import { actionIssues } from './action-checks.js'
import { editDistance } from './edit-distance.js'
import type { RuleIssue, VoxologyRuleId } from './rules.js'
import { ExpressionError } from './expression/tokenize.js'
import { parseExpression, variablesOf, type Expr } from './expression/parse.js'
import { redirectSchemaRule } from './redirect-schema.js'
import { templatePaths } from './expression/template.js'
import { undocumentedForms } from './expression/template-forms.js'
import { keyHints } from './key-hints.js'
import { LIMITS, limitNote } from './limits.js'
import { ScriptSchema, type Action, type IfAction, type Script } from './schemas.js'
import { checkTypes } from './type-check.js'

/**
 * The variables the docs show (Voxology's Variables reference): `$keyPresses`,
 * `$sessionData.<key>`, `${callTime}`; the full native list is not published.
 */
export const NATIVE_VARIABLES = ['keyPresses', 'sessionData', 'callTime'] as const

/** Where execution stands in one action list; a stack of these is the program counter. */
export interface Frame {
  list: readonly Action[]
  index: number
  /** Path of the list, for messages: `actions`, `actions[2].then`. */
  base: string
}

export interface CheckedScript {
  script: Script
  /** LABEL name → the program counter that lands on it, and its path. */
  labels: ReadonlyMap<string, { path: string; frames: readonly Frame[] }>
  /** Each IF's parsed condition. */
  conditions: ReadonlyMap<IfAction, Expr>
  /** A path in `script` → the same place in the app's answer (actions callspec skipped are not in `script`). */
  originalPath(path: string): string
}

export interface ScriptRules {
  /** Two or more COLLECTs must each have a name (BEHAVIOUR / vendor.requireCollectNames). */
  requireCollectNames: boolean
  /** The rule levels in force (the test's `strict` / `rules`). */
  book: RuleBook
  /** vendor.resolveUrl: REDIRECT urls that are relative or hold a placeholder host go to the app under test (without it too, with a warning: rule voxology/redirect-url). */
  resolveUrl?: true | ((url: string) => string)
}

/** Checks a parsed callback answer; `issues` lists every problem with its path. */
export function checkScript(
  raw: unknown,
  rules: ScriptRules,
): { ok: true; script: CheckedScript; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[] } {
  const { book } = rules
  // Bounds first, without recursion: every walk below (ours and zod's) recurses.
  const boundIssues = checkBounds(raw)
  if (boundIssues.length) return { ok: false, issues: boundIssues }
  const types = checkTypes(raw)
  if (types.issues.length) return { ok: false, issues: tagIssues(types.issues, book.breach('voxology/script-shape')!) }
  // Skipped actions are out of the script from here: paths are mapped back to the app's at the end.
  const { originalPath, skipped } = types
  // A REDIRECT url that is not absolute, with no vendor.resolveUrl to say what it means (rule
  // voxology/redirect-url, inferred): it goes to the app under test, as resolveUrl: true would.
  const relative = rules.resolveUrl ? [] : relativeRedirects((types.script as { actions?: unknown }).actions, 'actions')
  const resolve = rules.resolveUrl ?? (relative.length ? true : undefined)
  const redirects = redirectIssues(relative, book).map((i) => ({ ...i, path: originalPath(i.path) }))
  const answer = resolve ? resolveRedirects(types.script, resolve) : types.script
  const parsed = gradedCheck(ScriptSchema, answer, book, SCHEMA_RULES)
  if (!parsed.ok) {
    const errors = parsed.issues.map((i) => ({ ...i, path: originalPath(i.path) }))
    return { ok: false, issues: [...graded([...skipped, ...redirects], book).errors, ...keyHints(errors, raw)] }
  }
  const script = parsed.data
  const issues: RuleIssue[] = []
  const labels = new Map<string, { path: string; frames: readonly Frame[] }>()
  const conditions = new Map<IfAction, Expr>()
  const gotos: Array<{ label: string; path: string }> = []
  const collects: Array<{ named: boolean; path: string }> = []

  const visit = (list: readonly Action[], base: string, parents: readonly Frame[]) => {
    list.forEach((action, i) => {
      const path = `${base}[${i}]`
      switch (action.type) {
        case 'LABEL': {
          issues.push(...actionIssues(action, path))
          const first = labels.get(action.name)
          if (!first) {
            labels.set(action.name, { path, frames: [...parents, { list, index: i, base }] })
            return
          }
          const message = `duplicate LABEL "${action.name}" (first at ${originalPath(first.path)}): a GOTO goes to the first`
          issues.push({ path: `${path}.name`, message, rule: 'voxology/goto-targets' })
          return
        }
        case 'GOTO':
          issues.push(...actionIssues(action, path))
          gotos.push({ label: action.params.label, path: `${path}.params.label` })
          return
        case 'IF': {
          const expr = checkCondition(action.condition, `${path}.condition`, issues, book)
          if (expr) conditions.set(action, expr)
          const after = [...parents, { list, index: i + 1, base }]
          visit(action.then, `${path}.then`, after)
          if (action.orElse) visit(action.orElse, `${path}.orElse`, after)
          return
        }
        case 'SAY':
          checkTemplate(action.params.text, `${path}.params.text`, issues)
          break
        case 'SESSIONDATA':
          checkStoredTemplates(action.session_data, `${path}.session_data`, issues)
          break
        case 'COLLECT':
          collects.push({ named: action.name !== undefined && action.name !== '', path })
          action.actions?.forEach((prompt, j) => {
            if (prompt.type === 'SAY') checkTemplate(prompt.params.text, `${path}.actions[${j}].params.text`, issues)
          })
          break
      }
      issues.push(...actionIssues(action, path))
    })
  }
  visit(script.actions, 'actions', [])

  for (const { label, path } of gotos) {
    if (labels.has(label)) continue
    const known = [...labels.keys()]
    const list = known.length ? `labels: ${known.join(', ')}` : 'the script has no LABEL'
    // Another case, or one character off (`MENUU` for `MENU`).
    const near = known.find((k) => k.toLowerCase() === label.toLowerCase()) ?? known.find((k) => k.length > 2 && editDistance(k, label) === 1)
    const message = `GOTO "${label}": no LABEL named "${label}" in this script (${list}): the script ends at this GOTO${near ? `; did you mean "${near}"?` : ''}`
    issues.push({ path, message, rule: 'voxology/goto-targets' })
  }
  if (rules.requireCollectNames && collects.length > 1) {
    for (const c of collects.filter((c) => !c.named)) {
      issues.push({
        path: `${c.path}.name`,
        message: `this script has ${collects.length} COLLECTs: give each a name, so the key_presses of the next callback can tell them apart`,
        rule: 'voxology/collect-names',
      })
    }
  }
  const schemaWarnings = keyHints(parsed.warnings.map((i) => ({ ...i, path: originalPath(i.path) })), raw)
  const { errors, warnings } = graded([...skipped, ...redirects, ...issues.map((i) => ({ ...i, path: originalPath(i.path) }))], book)
  if (errors.length) return { ok: false, issues: errors }
  return { ok: true, script: { script, labels, conditions, originalPath }, warnings: [...schemaWarnings, ...warnings] }
}

/** Each rule issue at the level the call's book gives its rule (none when the rule is off). */
export function graded(issues: readonly RuleIssue[], book: RuleBook): { errors: ValidationIssue[]; warnings: ValidationIssue[]; all: ValidationIssue[] } {
  const errors: ValidationIssue[] = []
  const warnings: ValidationIssue[] = []
  const all: ValidationIssue[] = []
  for (const issue of issues) {
    const breach = book.breach(issue.rule)
    if (!breach) continue
    const tagged = tagIssues([issue], breach)
    ;(breach.level === 'error' ? errors : warnings).push(...tagged)
    all.push(...tagged)
  }
  return { errors, warnings, all }
}

/** The schema's issues cite action-schema (the docs and tutorials), but a REDIRECT's its samples (redirect-schema.ts). */
export const SCHEMA_RULES = { schema: 'voxology/action-schema', unknownKeys: 'voxology/unknown-keys', nullOptional: 'voxology/null-optional', ruleOf: redirectSchemaRule } satisfies SchemaRules & Record<'schema' | 'unknownKeys' | 'nullOptional', VoxologyRuleId>

/** Where a REDIRECT to a relative URL or a placeholder host goes: the app under test, whose host replaces any. */
export const APP_ORIGIN = 'http://app-under-test'

/**
 * vendor.resolveUrl: every REDIRECT url that is not an absolute http(s) URL is resolved against
 * the app under test: `/game`, `game` and `YOUR HOST URL/game` all become `/game` on the app.
 * A function maps each url itself (its answer may be a path).
 */
export function resolveRedirects(raw: unknown, resolve: true | ((url: string) => string)): unknown {
  const copy = structuredClone(raw)
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return
    for (const a of list as Array<Record<string, unknown> | null>) {
      if (typeof a !== 'object' || a === null) continue
      const params = a.params as Record<string, unknown> | undefined
      if (a.type === 'REDIRECT' && typeof params?.url === 'string') params.url = resolveOne(params.url, resolve)
      walk(a.then)
      walk(a.orElse)
    }
  }
  walk((copy as { actions?: unknown }).actions)
  return copy
}

/** An absolute http(s) URL, which a REDIRECT can go to as it is. */
const isAbsoluteUrl = (url: string) => /^https?:\/\/[^\s/]+/i.test(url) && URL.canParse(url)

/** The REDIRECTs in `list` (and the IFs it nests) whose url is a string but not an absolute http(s) URL; a missing url is the schema's. */
export function relativeRedirects(list: unknown, base: string): Array<{ path: string; url: string }> {
  const found: Array<{ path: string; url: string }> = []
  const walk = (list: unknown, base: string) => {
    if (!Array.isArray(list)) return
    list.forEach((a: unknown, i) => {
      if (typeof a !== 'object' || a === null) return
      const action = a as { type?: unknown; params?: { url?: unknown } | null; then?: unknown; orElse?: unknown }
      const url = typeof action.params === 'object' && action.params !== null ? action.params.url : undefined
      if (action.type === 'REDIRECT' && typeof url === 'string' && !isAbsoluteUrl(url)) found.push({ path: `${base}[${i}].params.url`, url })
      walk(action.then, `${base}[${i}].then`)
      walk(action.orElse, `${base}[${i}].orElse`)
    })
  }
  walk(list, base)
  return found
}

/**
 * Rule voxology/redirect-url, inferred: the docs and tutorials show only absolute urls (and a
 * placeholder host), and say nothing of relative ones. As a warning (the default) the call goes
 * on to the app under test, as vendor.resolveUrl: true would; as an error (`strict`) the message
 * says what the docs show (not a schema's verdict), and callback-loop.ts follows it with the
 * resolveUrl hint.
 */
export function redirectIssues(found: ReadonlyArray<{ path: string; url: string }>, book: RuleBook): RuleIssue[] {
  const error = book.breach('voxology/redirect-url')?.level === 'error'
  return found.map(({ path, url }) => {
    const received = quoteValue(url)
    const message = error
      ? `REDIRECT url ${received} is not an absolute http(s) URL: Voxology's docs show only absolute URLs, and say nothing of relative ones, so the real platform may not follow it`
      : `REDIRECT url ${received} is not an absolute http(s) URL: Voxology's docs show only absolute URLs, so the real platform may not follow it; ` +
        `callspec sends the next callback to the app under test (${resolveOne(url, true)}), as vendor.resolveUrl: true would. ` +
        `Write an absolute URL, or set vendor.resolveUrl if that is what you mean (which also silences this warning)`
    return { path, message, received, rule: 'voxology/redirect-url' }
  })
}

function resolveOne(url: string, resolve: true | ((url: string) => string)): string {
  const mapped = resolve === true ? url : resolve(url)
  if (isAbsoluteUrl(mapped)) return mapped
  const slash = mapped.indexOf('/')
  // `YOUR HOST URL/game`: what comes before the first slash is a host placeholder.
  const path = mapped.startsWith('/') ? mapped : slash === -1 ? `/${mapped}` : mapped.slice(slash)
  return `${APP_ORIGIN}${path.startsWith('/') ? path : `/${path}`}`
}

/** IFs nested deeper than LIMITS.maxScriptDepth, then JSON nested deeper than LIMITS.maxAnswerDepth: both measured iteratively. */
function checkBounds(raw: unknown): ValidationIssue[] {
  const actions = typeof raw === 'object' && raw !== null ? (raw as { actions?: unknown }).actions : undefined
  const stack: Array<{ list: unknown; depth: number; base: string }> = [{ list: actions, depth: 0, base: 'actions' }]
  while (stack.length > 0) {
    const { list, depth, base } = stack.pop()!
    if (!Array.isArray(list)) continue
    for (let i = 0; i < list.length; i++) {
      const item = list[i] as { type?: unknown; then?: unknown; orElse?: unknown } | null
      if (typeof item !== 'object' || item === null || item.type !== 'IF') continue
      const path = `${base}[${i}]`
      if (depth + 1 > LIMITS.maxScriptDepth) {
        const message = `IFs nest more than ${LIMITS.maxScriptDepth} deep here; the limit is ${LIMITS.maxScriptDepth} (${limitNote('maxScriptDepth')}). Flatten the script with LABEL and GOTO.`
        return [{ path, message }]
      }
      stack.push({ list: item.then, depth: depth + 1, base: `${path}.then` }, { list: item.orElse, depth: depth + 1, base: `${path}.orElse` })
    }
  }
  const deep = tooDeep(raw, LIMITS.maxAnswerDepth)
  if (deep) {
    return [{ path: deep.path, message: `the answer nests objects and arrays more than ${LIMITS.maxAnswerDepth} deep here; the limit is ${LIMITS.maxAnswerDepth} (${limitNote('maxAnswerDepth')})` }]
  }
  return []
}

function checkCondition(source: string, path: string, issues: RuleIssue[], book: RuleBook): Expr | undefined {
  let expr: Expr
  try {
    expr = parseExpression(source)
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error
    if (!error.form) {
      issues.push({ path, message: conditionProblem(error), rule: 'voxology/conditions' })
      return undefined
    }
    // JavaScript callspec does not evaluate (rule voxology/condition-subset, inferred): at warn the IF reads it as false.
    issues.push({ path, message: conditionProblem(error, book.breach('voxology/condition-subset')?.level !== 'error'), rule: 'voxology/condition-subset' })
    return { kind: 'unevaluated', source, form: error.form }
  }
  for (const v of variablesOf(expr)) {
    const problem = unknownVariable(v.path[0]!, v.text)
    if (problem) issues.push({ path, message: problem, rule: 'voxology/known-variables' })
  }
  return expr
}

/** How a condition's message begins when it is JavaScript callspec does not evaluate (tokenize.ts). */
export const UNEVALUATED_CONDITION = 'callspec does not evaluate '

/** What callspec evaluates in a condition, for the messages. */
export const EVALUATED_SUBSET =
  "$variables, strings, numbers, true/false/null/undefined, + - * / %, comparisons, && || ?? !, ? :, typeof, .length and [i], template literals, parseInt/parseFloat/Number/String/Boolean/isNaN and the string methods startsWith/endsWith/includes/indexOf/trim/toLowerCase/toUpperCase"

/**
 * Why a condition cannot run: not JavaScript at all (`condition does not parse: …`), or JavaScript
 * that callspec's evaluator leaves out (an assignment, another call…), which Voxology, evaluating
 * conditions "like JavaScript", may well run: then the message says it is callspec's limit, and
 * (`readAsFalse`, the rule at warn) that the IF reads it as false.
 */
export function conditionProblem(error: ExpressionError, readAsFalse = false): string {
  if (!error.form) return `condition does not parse: ${error.message}`
  const taken = readAsFalse ? 'so it reads the condition as false: the IF takes orElse (nothing, without one), which the real platform may not. ' : ''
  return `${error.message}: Voxology evaluates conditions "like JavaScript" and may run this one, but callspec cannot; ${taken}callspec evaluates ${EVALUATED_SUBSET}: write the condition with those`
}

/**
 * A SESSIONDATA value holding a `${…}` placeholder (`{ "age": "${keyPresses}" }`): the docs show
 * placeholders in SAY text only and do not say whether SESSIONDATA fills them in. callspec stores
 * the text as written; said, because an IF on it then takes another branch than an app that
 * expected the value would (helper-188: a survey's `$sessionData.age > 21` read "${keyPresses}",
 * took orElse, and nothing said why). Top-level values only: the documented examples are flat.
 */
function checkStoredTemplates(data: Record<string, unknown>, path: string, issues: RuleIssue[]): void {
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !/\$\{[^}]*\}/.test(value)) continue
    const at = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
    const read = /^[A-Za-z_$][\w$]*$/.test(key) ? `$sessionData.${key}` : `$sessionData[${JSON.stringify(key)}]`
    issues.push({
      path: at,
      message:
        `SESSIONDATA stores ${JSON.stringify(value)} as written, not the value it names: Voxology documents \${…} in SAY text only, and does not say whether SESSIONDATA fills it in, ` +
        `so ${read} reads that text. ${storedTemplateAdvice(value)}`,
      rule: 'voxology/templates',
    })
  }
}

/**
 * What to write instead of a placeholder in SESSIONDATA. The caller's keys have their own way
 * ($keyPresses in the IF, key_presses in the next callback); any other value (a retry counter,
 * `${sessionData.tries + 1}`) is computed by the app: the key_presses advice read as beside the
 * point to a newcomer counting no-input retries (audit h199).
 */
function storedTemplateAdvice(value: string): string {
  if (/keyPresses/.test(value)) return "To act on the caller's keys, compare $keyPresses in the IF itself; to keep them, read key_presses (by the COLLECT's name) in the next callback"
  return 'To count or compute a value (a retry counter), compute it in the app: REDIRECT to it, read session_data from that callback, and answer with a SESSIONDATA holding the new value'
}

/** A SAY text's placeholders: forms the docs do not show are spoken as written, unknown variables as nothing. */
function checkTemplate(text: string, path: string, issues: RuleIssue[]): void {
  const { paths, problems } = templatePaths(text)
  for (const problem of [...problems, ...undocumentedForms(text)]) issues.push({ path, message: problem, rule: 'voxology/templates' })
  // Each unknown variable once: a text repeating ${x} 150,000 times is one problem, not 150,000.
  const seen = new Set<string>()
  for (const p of paths) {
    const text = `\${${p.join('.')}}`
    if (seen.has(text)) continue
    seen.add(text)
    const problem = unknownVariable(p[0]!, text, ', spoken as nothing')
    if (problem) issues.push({ path, message: problem, rule: 'voxology/known-variables' })
  }
}

/**
 * A variable the docs do not show: it may still be one of Voxology's unpublished native
 * variables, so callspec reads it as undefined and says so. A near miss (`$keypresses`,
 * `${session_data.name}`) gets a did-you-mean.
 */
function unknownVariable(root: string, text: string, then = ''): string | undefined {
  if ((NATIVE_VARIABLES as readonly string[]).includes(root)) return undefined
  const fold = (name: string) => name.toLowerCase().replaceAll('_', '')
  const near = NATIVE_VARIABLES.find((n) => fold(n) === fold(root))
  const known = NATIVE_VARIABLES.join(', ')
  return `unknown variable ${text}: the docs show ${known} (the full list of native variables is not published), so callspec reads it as undefined${then}${near ? `; did you mean ${near}?` : ''}`
}
