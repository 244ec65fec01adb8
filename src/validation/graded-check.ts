import type { z } from 'zod'
import { didYouMean } from './did-you-mean.js'
import { KEYS_NAMED, toValidationIssues } from './format-issues.js'
import { safeParseOnce } from './verdict-cache.js'
import { ruleCitation, type RuleBook, type RuleBreach } from './rules.js'
import type { ValidationIssue } from './types.js'

/** The rules a schema check reports under: the schema itself, and keys it does not know. */
export interface SchemaRules {
  schema: string
  unknownKeys: string
  /**
   * The rule a schema issue breaks when it is not `schema`'s: a constraint the schema holds on
   * other evidence than the rest (Webex Connect's SDK-only constraints, `sample`), so the issue
   * cites that evidence. Undefined keeps `schema`. The issue still fails the payload: the schema
   * rejected it, so such a rule should be fixed.
   */
  ruleOf?: (issue: z.core.$ZodIssue, payload: unknown) => string | undefined
}

export type GradedCheck<T> =
  | { ok: true; data: T; warnings: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[]; error: z.ZodError }

/**
 * An issue as a check finds it, before its rule is graded. `atWarn`: what callspec does with the
 * payload when the rule only warns (`: callspec plays it`), said after the message then and only
 * then: at error the call fails there, and the clause would say what does not happen (helper-124's
 * audit: "callspec failed the call by a rule it inferred … callspec plays it").
 */
export type FoundIssue = ValidationIssue & { atWarn?: string }

/** Tags issues with the rule broken and its level; an issue's `atWarn` joins its message at warn only. */
export function tagIssues(issues: readonly FoundIssue[], breach: RuleBreach): ValidationIssue[] {
  return issues.map(({ atWarn, ...i }) => ({
    ...i,
    ...(atWarn !== undefined && breach.level === 'warn' && { message: `${i.message}${atWarn}` }),
    rule: breach.rule,
    level: breach.level,
    evidence: breach.evidence,
    tag: breach.tag,
    source: breach.source,
  }))
}

/**
 * A schema check graded by evidence. Unknown keys are their own rule: vendors in this family
 * mostly ignore fields they do not know, so unless the rule is an error the keys are dropped (as
 * the vendor would) and the rest is checked again; the dropped keys come back as warnings (or
 * nothing when the rule is off). Any other schema issue is an error under the schema rule: the
 * platform cannot run a payload it cannot read.
 */
export function gradedCheck<S extends z.ZodType>(schema: S, payload: unknown, book: RuleBook, rules: SchemaRules): GradedCheck<z.infer<S>> {
  const parsed = safeParseOnce(schema, payload)
  if (parsed.success) return { ok: true, data: parsed.data, warnings: [] }
  const issues = parsed.error.issues
  const unknown = issues.filter((i) => i.code === 'unrecognized_keys')
  const keysBreach = book.breach(rules.unknownKeys)
  const schemaBreach = book.breach(rules.schema) ?? offSchemaRule(book, rules.schema)
  if (unknown.length === issues.length && keysBreach?.level !== 'error') {
    const again = schema.safeParse(withoutKeys(payload, unknown))
    if (again.success) {
      const ignored = toValidationIssues(parsed.error, payload).map((i, n) =>
        withHint({ ...i, message: `${i.message}: ignored, as callspec assumes the vendor does with keys it does not know` }, suggestion(issues[n]!, schema, payload)),
      )
      const warnings = keysBreach ? tagIssues(ignored, keysBreach) : []
      return { ok: true, data: again.data, warnings }
    }
  }
  const all = toValidationIssues(parsed.error, payload).map((issue, n) => {
    const isKey = issues[n]!.code === 'unrecognized_keys'
    const said = isKey ? withHint(issue, suggestion(issues[n]!, schema, payload)) : issue
    return tagIssues([said], isKey ? (keysBreach ?? schemaBreach) : (ownBreach(book, rules, issues[n]!, payload) ?? schemaBreach))[0]!
  })
  return { ok: false, issues: all, error: parsed.error }
}

/**
 * `did you mean "collectInput"?` for unknown keys close to ones the schema allows where they are:
 * for the keys the message names (KEYS_NAMED), so that a hint never points at a key not shown
 * (100,000 keys took ~2 s of did-you-means, measured, and a hint as long as the list).
 */
function suggestion(issue: z.core.$ZodIssue, schema: z.ZodType, payload: unknown): string | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined
  const meant = issue.keys.slice(0, KEYS_NAMED).flatMap((key) => {
    const known = didYouMean(key, schema, { path: issue.path, payload })
    return known ? [`"${known}"`] : []
  })
  return meant.length ? `did you mean ${meant.join(', ')}?` : undefined
}

/** The breach of the rule `rules.ruleOf` names for a schema issue, if it names one (cited as it is even when set 'off', as offSchemaRule). */
function ownBreach(book: RuleBook, rules: SchemaRules, issue: z.core.$ZodIssue, payload: unknown): RuleBreach | undefined {
  const id = rules.ruleOf?.(issue, payload)
  return id === undefined ? undefined : (book.breach(id) ?? offSchemaRule(book, id))
}

/** The schema rule set 'off': its issues still fail the payload (the platform cannot read it), cited as the rule they break. */
function offSchemaRule(book: RuleBook, id: string): RuleBreach {
  const rule = book.def(id)
  return { rule: id, level: 'error', evidence: rule.evidence, source: rule.source, ...ruleCitation(id, rule.source, rule.evidence) }
}

const withHint = (issue: ValidationIssue, hint: string | undefined): ValidationIssue => (hint ? { ...issue, hint } : issue)

/**
 * The payload without the unknown keys zod reported (each issue names its object's path). Only the
 * objects along each issue's path are copied, one level at a time, and never recursively: the rest
 * is shared with the payload, so an unknown key holding a value nested 100,000 deep costs nothing
 * (a deep clone would overflow the stack on it).
 */
function withoutKeys(payload: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  if (typeof payload !== 'object' || payload === null) return payload
  const copies = new WeakSet<object>()
  const copyOf = (value: object): object => {
    if (copies.has(value)) return value
    // Spread defines own properties (a "__proto__" key stays a key); arrays stay arrays.
    const copy = Array.isArray(value) ? value.slice() : { ...value }
    copies.add(copy)
    return copy
  }
  /** The copy at `path` under `root`, copying each object on the way (undefined when the path is gone). */
  const copyAlong = (root: object, path: readonly PropertyKey[]): object | undefined => {
    let at = root
    for (const key of path) {
      const child: unknown = (at as Record<PropertyKey, unknown>)[key]
      if (typeof child !== 'object' || child === null) return undefined
      const copy = copyOf(child)
      // Defined, not assigned: a "__proto__" key is set as a key, never as the prototype.
      if (copy !== child) Object.defineProperty(at, key, { value: copy, writable: true, enumerable: true, configurable: true })
      at = copy
    }
    return at
  }
  const root = copyOf(payload)
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue
    const at = copyAlong(root, issue.path)
    if (at) for (const key of issue.keys) delete (at as Record<string, unknown>)[key]
  }
  return root
}

/** `validate()`'s answer for a graded schema check: warnings alone leave `ok` true. */
export function gradedResult(schema: z.ZodType, payload: unknown, book: RuleBook, rules: SchemaRules): { ok: boolean; issues: ValidationIssue[] } {
  const result = gradedCheck(schema, payload, book, rules)
  return result.ok ? { ok: true, issues: result.warnings } : { ok: false, issues: result.issues }
}
