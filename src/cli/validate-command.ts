import { readFileSync } from 'node:fs'
import { drivers, validate, type Platform } from '../index.js'
import { listedIssue, namesItsRule } from '../validation/issue-line.js'
import { inferredOnly, inferredRulesNamed, vendorOf } from '../validation/inferred-lead.js'
import { ruleCitation } from '../validation/rules.js'
import type { ValidationIssue } from '../validation/types.js'
import { EXIT, type Command } from './io.js'
import { readArgs } from './read-args.js'
import { cliDidYouMeanPlatform } from '../utils/closest-platform.js'
import { jsonSyntaxError, lineAndColumn } from '../utils/json-syntax-error.js'

export const validateCommand: Command = {
  summary: "Check a payload against a platform's schema",
  usage: `Usage: callspec validate <platform> <kind> <file.json | -> [--strict]

Checks one JSON payload (an event, action or REST body) against a platform's schema.
Exits 0 when valid, 1 when invalid, 2 on usage errors. A rule callspec inferred where the vendor
is silent (an unknown key, most often) is a warning, printed after the verdict.

Options:
  --strict    Every rule is an error: a warning makes the payload invalid (exit 1), for CI

Platforms and kinds:
${Object.values(drivers)
  .map((d) => `  ${d.platform}: ${d.validationKinds.join(', ')}`)
  .join('\n')}`,
  run(argv, { out, err }) {
    const { positionals, values } = readArgs(argv, { strict: { type: 'boolean' } }, {}, this.usage)
    const [platform, kind, file] = positionals
    if (!platform || !kind || !file || positionals.length > 3) {
      // What is wrong first: the usage alone named no mistake (which argument was missing, or extra).
      const problem =
        positionals.length > 3
          ? `takes three arguments, the platform, the kind and the file; got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`
          : `give the platform, the kind and the file (- for stdin), e.g. callspec validate webex-connect action answer.json; got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`
      err.write(`callspec validate: ${problem}\n\n${this.usage}\n`)
      return EXIT.usage
    }
    if (!(platform in drivers)) {
      err.write(`callspec: unknown platform ${JSON.stringify(platform)}${cliDidYouMeanPlatform(platform, Object.keys(drivers))}\n${this.usage}\n`)
      return EXIT.usage
    }
    let text: string
    try {
      // Without a byte order mark (a Windows editor's UTF-8), which JSON.parse refuses as an invisible token.
      text = readFileSync(file === '-' ? 0 : file, 'utf8').replace(/^\uFEFF/, '')
    } catch (error) {
      err.write(`callspec: cannot read JSON from ${file}: ${(error as Error).message}\n`)
      return EXIT.usage
    }
    // Where it is not JSON, as a scenario file's JSON says it: line and column, not V8's offset (audit-122).
    const broken = jsonSyntaxError(text)
    if (broken) {
      const { line, column } = lineAndColumn(text, broken.offset)
      err.write(`callspec: cannot read JSON from ${file === '-' ? 'stdin' : file}:${line}:${column}: ${broken.reason}\n`)
      return EXIT.usage
    }
    const payload: unknown = JSON.parse(text)
    try {
      const result = validate(platform as Platform, kind as never, payload, values.strict ? { strict: true } : {})
      const warnings = result.issues.filter((i) => i.level === 'warn')
      if (result.ok) {
        out.write(`✔ valid ${platform} ${kind}${warnings.length ? `, with ${warnings.length} warning(s) (--strict makes them errors)` : ''}\n${warnings.map(issueLine).join('')}${sourceLines(warnings)}`)
        return EXIT.ok
      }
      // Failed only by rules callspec inferred (--strict): said first, as a call's failure says it,
      // not as the vendor's verdict (helper-124's audit: the headline read as a documented failure's).
      const inferred = inferredOnly(result.issues)
      out.write(`✖ invalid ${platform} ${kind}${inferred ? byInferredRules(platform as Platform, inferred) : ''}\n${result.issues.map(issueLine).join('')}${sourceLines(result.issues)}`)
      const vendor = result.vendorError
      // The answer is then callspec's own, in the vendor's terms, as the drivers say it on a call; never the vendor's.
      const label = inferred ? `callspec's answer, in ${vendorOf(platform)}'s terms` : 'vendor answer'
      // The answer as the app gets it (its status and body) where the driver gives the body.
      if (vendor?.body) out.write(`  ${label}: ${vendor.status === undefined ? '' : `HTTP ${vendor.status} `}${JSON.stringify(vendor.body)}\n`)
      else if (vendor) {
        // Its `inferred` flag is what the label says already.
        const { inferred: _, ...answer } = vendor
        out.write(`  ${label}: ${JSON.stringify(answer)}\n`)
      }
      return EXIT.failed
    } catch (error) {
      err.write(`${(error as Error).message}\n`)
      return EXIT.usage
    }
  },
}

/** `, by a rule callspec inferred, not one 8x8 documents: 8x8/unknown-keys, an error only under --strict`. */
function byInferredRules(platform: Platform, ids: readonly string[]): string {
  return `, by ${inferredRulesNamed(vendorOf(platform), ids, 'callspec')}, an error only under --strict (a warning without it)`
}

/** One issue's line, as toBeValidAction lists it too. */
const issueLine = (issue: ValidationIssue): string => `${listedIssue(issue)}\n`

/** `  Rule 8x8/unknown-keys, inferred: not documented.`: each rule the lines above name, with its source, once. */
function sourceLines(issues: readonly ValidationIssue[]): string {
  const cited = new Map<string, string>()
  for (const issue of issues) if (namesItsRule(issue) && issue.source !== undefined) cited.set(issue.rule!, ruleCitation(issue.rule!, issue.source, issue.evidence ?? 'doc').sourceLine)
  return [...cited.values()].map((line) => `  ${line}\n`).join('')
}
