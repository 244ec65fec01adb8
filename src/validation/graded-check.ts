import { ZodError, type z } from 'zod'
import { didYouMean } from './did-you-mean.js'
import { KEYS_NAMED, toValidationIssues } from './format-issues.js'
import { nullIssues, nullOptionals, type NullOptional } from './null-optional.js'
import { safeParseOnce } from './verdict-cache.js'
import { withoutKeys } from './without-keys.js'
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
  /**
   * The rule for null sent in an optional field (`correlationId: null`), where the driver reads it
   * as the field absent: unless the rule is an error the fields are dropped and the rest is
   * checked, the nulls coming back as warnings; at error they fail the payload under this rule,
   * not the schema's. Undefined (a vendor whose docs show it refuses null) leaves them schema
   * issues. null-optional.ts finds them.
   */
  nullOptional?: string
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
  const nulls = rules.nullOptional === undefined ? undefined : nullOptionals(schema, payload, issues)
  if (nulls?.found.length) return withNullsRead(schema, nulls, book, rules as SchemaRules & { nullOptional: string })
  const unknown = issues.filter((i) => i.code === 'unrecognized_keys')
  const keysBreach = book.breach(rules.unknownKeys)
  const schemaBreach = book.breach(rules.schema) ?? offSchemaRule(book, rules.schema)
  if (unknown.length === issues.length && keysBreach?.level !== 'error') {
    const again = schema.safeParse(withoutKeys(payload, unknown.map((i) => ({ path: i.path, keys: i.code === 'unrecognized_keys' ? i.keys : [] }))))
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
 * A payload with nulls in optional fields, graded: checked as the platform would read it, without
 * them. At warn (or off) that verdict stands, the nulls said as warnings (or not at all); at error
 * they fail it under the null rule, said as that rule's (callspec's inference, not the vendor's
 * schema), with whatever else fails it.
 */
function withNullsRead<S extends z.ZodType>(schema: S, nulls: { value: unknown; found: NullOptional[] }, book: RuleBook, rules: SchemaRules & { nullOptional: string }): GradedCheck<z.infer<S>> {
  const rest = gradedCheck(schema, nulls.value, book, rules)
  const breach = book.breach(rules.nullOptional)
  const said = nullIssues(nulls.found)
  if (breach?.level !== 'error') {
    if (!rest.ok) return rest
    return { ...rest, warnings: [...(breach ? tagIssues(said, breach) : []), ...rest.warnings] }
  }
  const failing = tagIssues(said, breach)
  const zodIssues = nulls.found.map(({ path, expected }, n) => ({ code: 'invalid_type', expected, path, message: said[n]!.message, input: null }) as z.core.$ZodIssue)
  if (rest.ok) return { ok: false, issues: failing, error: new ZodError(zodIssues) }
  // The payload's other errors first: they are the schema's (the vendor's, mostly), the nulls
  // callspec's inference, and a failure reads its first issue as the cause (h196).
  return { ok: false, issues: [...rest.issues, ...failing], error: new ZodError([...rest.error.issues, ...zodIssues]) }
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

/** `validate()`'s answer for a graded schema check: warnings alone leave `ok` true. */
export function gradedResult(schema: z.ZodType, payload: unknown, book: RuleBook, rules: SchemaRules): { ok: boolean; issues: ValidationIssue[] } {
  const result = gradedCheck(schema, payload, book, rules)
  return result.ok ? { ok: true, issues: result.warnings } : { ok: false, issues: result.issues }
}
