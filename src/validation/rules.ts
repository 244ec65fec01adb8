import { CallspecUsageError } from '../errors/usage-error.js'

/**
 * Rules graded by evidence. Every check a driver makes is a rule with an id, the evidence behind
 * it and a default level: a rule the vendor documents fails the call, a rule callspec inferred
 * where the vendor is silent only warns. Users tune levels per call, ESLint style.
 */

/** What a rule rests on: the vendor's documentation, the vendor's own sample code or SDK, or callspec's choice. */
export type Evidence = 'doc' | 'sample' | 'inferred'

/** What breaking a rule does: nothing, a printed warning, or a failed call. */
export type RuleLevel = 'off' | 'warn' | 'error'

export interface RuleDef {
  readonly evidence: Evidence
  /** The short phrase shown with a failure or warning: "8x8 docs: Send Callflow, -1009" / "inferred: not documented". */
  readonly source: string
  /** One line: what the rule checks. */
  readonly description: string
  /** Default level when it is not the evidence's (doc and sample: 'error'; inferred: 'warn'). */
  readonly level?: RuleLevel
  /**
   * Why the rule cannot be relaxed, if it cannot: the simulation has nothing to run past it (a
   * payload it cannot read, a GOTO to no label). Such a rule is always an error.
   */
  readonly fixed?: string
}

/** A driver's rules, keyed by id (`'8x8/unknown-keys'`). */
export type RuleTable<Id extends string = string> = Readonly<Record<Id, RuleDef>>

/** Per-call settings: `strict` makes every rule an error; `rules` sets one rule's level and wins over `strict`. */
export interface RuleSettings<Id extends string = string> {
  strict?: boolean
  rules?: Partial<Record<Id, RuleLevel>>
}

/** Keeps the literal ids of a driver's rule table for autocompletion. */
export const defineRules = <const T extends Record<string, RuleDef>>(rules: T): T => rules

export const defaultLevel = (rule: RuleDef): RuleLevel => rule.level ?? (rule.evidence === 'inferred' ? 'warn' : 'error')

/** A rule broken in a call or a payload: what `validate()` reports and what a warning prints. */
export interface RuleBreach {
  rule: string
  level: 'warn' | 'error'
  evidence: Evidence
  /** `rule 8x8/unknown-keys`: what a headline or a warning names (ruleCitation). */
  tag: string
  /** The rule's evidence, its definition's `source`: `inferred: not documented`. */
  source: string
  /** `Rule 8x8/unknown-keys: inferred: not documented.`: the source on a line of its own, under a failure's headline (ruleCitation). */
  sourceLine: string
}

/** The levels in force for one call (or one `validate()`): the driver's table and the user's settings. */
export class RuleBook {
  constructor(
    readonly platform: string,
    readonly table: RuleTable,
    readonly settings: RuleSettings = {},
  ) {
    for (const id of Object.keys(settings.rules ?? {})) {
      if (!(id in table)) {
        const known = Object.keys(table).join(', ')
        throw new CallspecUsageError(`[callspec] ${platform} has no rule ${JSON.stringify(id)}; its rules are: ${known}.`)
      }
      const level = (settings.rules as Record<string, unknown>)[id]
      if (level !== 'off' && level !== 'warn' && level !== 'error') {
        throw new CallspecUsageError(`[callspec] rules['${id}'] must be 'off', 'warn' or 'error'; got ${JSON.stringify(level)}.`)
      }
      const fixed = table[id]!.fixed
      if (fixed && level !== 'error') {
        throw new CallspecUsageError(`[callspec] rule ${id} cannot be set to '${level}': ${fixed}.`)
      }
    }
  }

  def(id: string): RuleDef {
    const rule = this.table[id]
    if (!rule) throw new TypeError(`[callspec] internal: ${this.platform} driver checks an unlisted rule ${JSON.stringify(id)}.`)
    return rule
  }

  level(id: string): RuleLevel {
    const rule = this.def(id)
    if (rule.fixed) return 'error'
    const set = (this.settings.rules as Record<string, RuleLevel> | undefined)?.[id]
    if (set) return set
    return this.settings.strict ? 'error' : defaultLevel(rule)
  }

  /** How a breach of `id` is reported, or undefined when the rule is off. */
  breach(id: string): RuleBreach | undefined {
    const level = this.level(id)
    if (level === 'off') return undefined
    const rule = this.def(id)
    return { rule: id, level, evidence: rule.evidence, source: rule.source, ...ruleCitation(id, rule.source, rule.evidence) }
  }
}

/** How a message cites a rule: `tag` in its headline or at the end of a warning, `sourceLine` on a line of its own. */
export interface RuleCitation {
  /**
   * `rule 8x8/hangup-not-last`, `rule 8x8/unknown-keys, inferred`: short, so a failure's first line
   * stays scannable (and greppable by the id), and a warning, which has no line of its own for the
   * source, still tells a rule callspec inferred from one the vendor documents.
   */
  tag: string
  /** `Rule 8x8/unknown-keys, inferred: not documented.`: the evidence, said under the headline, never in it. */
  sourceLine: string
}

/**
 * The two pieces every failure by a rule says (newcomer audit: a headline carrying the rule's
 * whole source was unscannable in CI logs and JUnit messages): the rule's id in the headline, with
 * `inferred` when callspec inferred it, its source on a line of its own below. One wording for
 * every driver.
 */
export function ruleCitation(id: string, source: string, evidence: Evidence): RuleCitation {
  const inferred = evidence === 'inferred'
  // An inferred rule's source starts `inferred: …`, said once: `Rule <id>, inferred: not documented.`
  const said = inferred ? source.replace(/^inferred:\s*/, '') : source
  return {
    tag: inferred ? `rule ${id}, inferred` : `rule ${id}`,
    sourceLine: `Rule ${id}${inferred ? ', inferred' : ''}: ${/[.!?]$/.test(said) ? said : `${said}.`}`,
  }
}

/** The rule a text ends by citing (ruleCitation's tag, as every rule's warning ends), and whether callspec inferred it. */
export function citedRule(text: string): { rule: string; inferred: boolean } | undefined {
  const cited = /\(rule ([\w-]+\/[\w-]+)(, inferred)?\)$/.exec(text)
  return cited ? { rule: cited[1]!, inferred: cited[2] !== undefined } : undefined
}

/** Whether a failure message's line is a rule's source line (ruleCitation): what a failure's hints go above. */
export const isSourceLine = (line: string): boolean => /^Rule [^\s:,]+\/[^\s:,]+(, inferred)?: /.test(line)
