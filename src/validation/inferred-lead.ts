import type { RuleBook } from './rules.js'

/**
 * How a failure by a rule callspec inferred opens, on every platform. A rule callspec inferred
 * where the vendor's docs are silent (or disagree) warns by default; only `strict` (or the rule set
 * to 'error') makes it fail the call, and then the failure must not read as the vendor's verdict:
 * it leads with the inference, names the rule and says how to relax it, before any vendor-shaped
 * answer or error code callspec made up for it. Before, such failures opened "… is not a valid
 * EnableX request", "8x8 rejected the app's Send Callflow request: HTTP 400 {… -1009 …}" or
 * "Webex Connect rejected the app's make-call request", as if the vendor had said so.
 */

/** Each platform's vendor as its failures name it ("not one Webex Connect documents"). */
const VENDORS: Readonly<Record<string, string>> = { 'webex-connect': 'Webex Connect', '8x8': '8x8', enablex: 'EnableX', voxology: 'Voxology' }

/** The vendor of `platform` in words; the platform's id for one callspec does not know. */
export const vendorOf = (platform: string): string => VENDORS[platform] ?? platform

/** What an issue or a breach says of its rule: enough to tell a rule callspec inferred. */
interface Graded {
  rule?: string
  level?: 'warn' | 'error'
  evidence?: string
}

/** The rules the issues fail by (those not at 'warn'), when every one of them is a rule callspec inferred; else undefined. */
export function inferredOnly(issues: readonly Graded[] | undefined): string[] | undefined {
  const failing = (issues ?? []).filter((i) => i.level !== 'warn')
  if (failing.length === 0 || failing.some((i) => i.evidence !== 'inferred' || i.rule === undefined)) return undefined
  return [...new Set(failing.map((i) => i.rule!))]
}

/**
 * `by a rule it inferred, not one EnableX documents: enablex/unknown-keys, at error under strict:
 * true (rules: { 'enablex/unknown-keys': 'warn' } warns instead, 'off' ignores it)`: said right
 * after "callspec refused …" or "callspec failed …".
 */
export function byInferredRule(vendor: string, rules: RuleBook, ids: readonly string[]): string {
  const set = (rules.settings.rules ?? {}) as Record<string, string | undefined>
  const bySetting = ids.filter((id) => set[id] === 'error')
  const why = bySetting.length === ids.length ? 'as rules sets it' : bySetting.length > 0 ? 'as strict: true and rules set them' : 'under strict: true'
  const relax = `rules: { ${ids.map((id) => `'${id}': 'warn'`).join(', ')} }`
  const named = inferredRulesNamed(vendor, ids, 'it')
  return `by ${named}, at error ${why} (${relax} warns instead, 'off' ignores it)`
}

/** `a rule it inferred, not one 8x8 documents: 8x8/unknown-keys` (`who`: how the sentence names callspec). */
export function inferredRulesNamed(vendor: string, ids: readonly string[], who: 'it' | 'callspec'): string {
  return ids.length > 1 ? `rules ${who} inferred, not ones ${vendor} documents: ${ids.join(' and ')}` : `a rule ${who} inferred, not one ${vendor} documents: ${ids[0]!}`
}

/**
 * The failure for one rule at error, `problem` being what it found: led by callspec's inference
 * when the rule is inferred (`callspec failed the call by a rule it inferred, …: <problem> (rule <id>).`),
 * as it always was otherwise (`<problem> (rule <id>).`); `then`, more of the headline's paragraph
 * (what to do about it). The rule's source follows on a line of its own (ruleCitation): never in
 * the headline, which a CI log or a JUnit message shows alone.
 */
export function ruleFailure(vendor: string, rules: RuleBook, rule: string, problem: string, then = ''): string {
  const breach = rules.breach(rule)
  if (!breach) return `${problem}.${then}`
  const tagged = `${problem} (${breach.tag}).${then}\n${breach.sourceLine}`
  return breach.evidence === 'inferred' ? `callspec failed the call ${byInferredRule(vendor, rules, [rule])}: ${tagged}` : tagged
}
