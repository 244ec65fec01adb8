import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml'
import { jsonSyntaxError } from '../utils/json-syntax-error.js'
import { syntaxOf, type FileSyntax } from './file-syntax.js'
import { closestName, didYouMeanName } from '../validation/did-you-mean.js'
import { closestPlatform } from '../utils/closest-platform.js'
import type { Limits, NotAnAction, PartyBehaviour } from '../driver/types.js'
import { notAnAction } from '../driver/not-an-action.js'
import type { RuleLevel, RuleTable } from '../validation/rules.js'
import { bareBelowMinimum, parseDuration } from './duration.js'
import { looksLikePattern, PATTERN_FLAGS, patternProblem, toPattern, withPatterns } from './pattern.js'
import { ScenarioFileError } from './scenario-error.js'
import type { Scenario, ScenarioFile, ScenarioStep, SourcePosition, StartRequest } from './types.js'
import { E164_SOURCE, KEYS_SOURCE } from './value-forms.js'
import { nearBehaviour } from '../dsl/party-behaviour.js'
import { vendorOptionIssues, type VendorOptionsOf } from '../dsl/check-options.js'
import { itemSchemas, minItemsOf, objectFields, valueTypes, type ActionSchema } from './action-fields.js'

/**
 * What the parser must know of each platform: its action names, and where known the fields of
 * each action (`actionFields`), so a `match` key that is no field of it (a typo) is an error in
 * the file rather than a failed call blamed on the app.
 */
export type PlatformCatalog = Record<
  string,
  {
    readonly actionNames: readonly string[]
    readonly actionFields?: (action: string) => readonly string[] | undefined
    /** The action's JSON Schema, where known: the keys of a match nested in it are checked too. */
    readonly actionSchema?: (action: string) => ActionSchema | undefined
    /** The platform's rules (drivers/<platform>/rules.ts): what a file's `rules:` may name. */
    readonly rules?: RuleTable
    /** Names that are no action on the platform, with what to write instead (Driver.notActions). */
    readonly notActions?: Readonly<Record<string, NotAnAction>>
  } & Partial<VendorOptionsOf>
>

const E164 = new RegExp(E164_SOURCE)
const KEYS = new RegExp(KEYS_SOURCE)
const BEHAVIOURS = ['answers', 'busy', 'no-answer', 'voicemail']
const SETTINGS = ['name', 'platform', 'target', 'webhookPath', 'seed', 'from', 'to', 'headers', 'vendor', 'unconsumed', 'limits', 'strict', 'rules', 'parties', 'answeredBy', 'startedBy', 'steps']
const RULE_LEVELS: readonly RuleLevel[] = ['off', 'warn', 'error']
/** callTo's `limits`: real and virtual ms (durations), and counts. */
const DURATION_LIMITS = ['responseTimeoutMs', 'appTimeoutMs', 'maxVirtualMs', 'quietGraceMs']
const COUNT_LIMITS = ['maxTurns', 'maxBodyBytes']
const STEP_KEYS = ['expect', 'expectHangup', 'press', 'say', 'silent', 'hangup', 'heard']
const BARE_STEPS = ['expectHangup', 'hangup', 'silent']
/** The end of a pattern (its closing slash and flags): a plain string ending so was cut short. */
const PATTERN_END = new RegExp(`/[${PATTERN_FLAGS}]*$`)
/** How to write a pattern that does not compile: escape what is meant as text, or make it text. */
const PATTERN_FIX = 'put a \\ before ( ) [ ] { } . * + ? | ^ $ meant as text (\\\\ inside double quotes and in JSON), or drop the slashes to match the text exactly'

/**
 * Reads a scenario file (YAML, or JSON: a .json file must be valid JSON, and its syntax errors say
 * so). Every problem is a ScenarioFileError naming file:line:column of the node at fault; a file
 * with several problems throws one error listing each, in the file's order.
 */
export function parseScenarioFile(written: string, file: string, platforms: PlatformCatalog, options: { platform?: string } = {}): ScenarioFile {
  // A byte order mark, as Windows editors (Notepad, PowerShell 5's Out-File) start a UTF-8 file:
  // YAML skips it, JSON.parse refused a .json file at 1:1 with "Unexpected token '\uFEFF'", a character
  // no one can see in the message (helper-186). The file is read without it, columns as an editor counts them.
  const text = written.charCodeAt(0) === 0xfeff ? written.slice(1) : written
  const lines = new LineCounter()
  const pos = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset)
    return { file, line, column: col }
  }
  const fail = (node: Node | null | undefined, reason: string): never => {
    throw new ScenarioFileError(pos(node?.range?.[0] ?? 0), reason)
  }
  // YAML reads JSON too, but not as strictly (a trailing comma passes) and says what is wrong in YAML's words.
  const json = /\.json$/i.test(file) ? jsonSyntaxError(text) : undefined
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  if (json) throw new ScenarioFileError(pos(json.offset), `not valid JSON: ${json.reason}`)
  const first = doc.errors[0]
  // Valid JSON that YAML still refuses (a key twice, which JSON.parse lets the last win): said in JSON's words.
  if (first && syntaxOf(file).json) {
    throw new ScenarioFileError(pos(first.pos[0]), first.code === 'DUPLICATE_KEY' ? 'the same key twice in one object: keep one' : `not a JSON scenario file callspec can read: ${first.message.split('\n')[0]!}`)
  }
  if (first) {
    const deeper = keyIndentedDeeper(doc.errors, text)
    if (deeper !== undefined) throw new ScenarioFileError(pos(deeper), `not valid YAML: a key is indented more than the keys around it, so YAML reads it as part of the value above: the keys of one mapping start in the same column (${first.message.split('\n')[0]!})`)
    const cut = /end with a [\]}]/.test(first.message) ? commentInFlow(text) : undefined
    if (cut) {
      throw new ScenarioFileError(
        pos(cut.hash),
        `not valid YAML: YAML read ${JSON.stringify(cut.comment)} as a comment (a # after a space starts one), so the ${cut.open} before it is not closed: quote the text, # and all: ${cut.key ? `${cut.key}: ` : ''}${JSON.stringify(cut.text)}`,
      )
    }
    throw new ScenarioFileError(pos(unclosedAt(doc, text, first.message) ?? indentedAt(text, first.message, first.pos[0])), `not valid YAML: ${yamlProblem(first.code, first.message.split('\n')[0]!)}`)
  }
  // An alias with no anchor before it is no YAML either, though YAML's parser lets it through: said
  // so, rather than as a value of the wrong kind where the alias stands.
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) fail(alias, `not valid YAML: *${alias.source} has no anchor &${alias.source} before it (an alias repeats a value marked &${alias.source} earlier in the file; to write text starting with *, quote it)`)
    },
  })
  const root = doc.contents
  if (!isMap(root)) return fail(root, `a scenario file is ${syntaxOf(file).mapping} with platform, then steps (or scenarios: a list of calls)`)

  // Every problem of the file, not only the first: each setting, scenario and step is read on its own.
  const problems: ScenarioFileError[] = []
  const reader = new Reader(fail, pos, platforms, options.platform, problems, text, syntaxOf(file))
  const scenarios = reader.attempt((): Scenario[] => {
    const defaults = reader.settings(root, [...SETTINGS, 'scenarios'], true)
    defaults.platform ??= options.platform
    const list = root.get('scenarios', true) as Node | undefined
    const hasSteps = root.has('steps')
    // A setting misspelt (`Platform:`, `step:`) is reported as unknown, with the name meant: not a
    // second time as missing, which read as two mistakes for one (helper-186).
    const misspelt = (name: string) => root.items.some((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && closestName(pair.key.value, [...SETTINGS, 'scenarios']) === name)
    if (list !== undefined && hasSteps) reader.attempt(() => fail(list, 'write either steps (one call) or scenarios (several calls), not both'), undefined)
    if (list === undefined && !hasSteps && !misspelt('steps') && !misspelt('scenarios')) fail(root, 'no steps: add steps (one call) or scenarios (a list of calls, each with steps)')
    // A platform: that is there but wrong was reported where it is written, not as missing too.
    if (defaults.platform === undefined) {
      if (!root.has('platform') && !misspelt('platform')) reader.attempt(() => fail(root, `platform is missing: add ${syntaxOf(file).pair('platform', '').trimEnd()} (one of ${Object.keys(platforms).join(', ')}) or pass --platform`), undefined)
    } else if (!(defaults.platform in platforms)) reader.attempt(() => fail(root, unknownPlatform(defaults.platform!, platforms)), undefined)

    const defaultName = file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '')
    if (list === undefined) return [reader.complete({ ...defaults, name: defaults.name ?? defaultName }, root)]
    if (!isSeq(list) || list.items.length === 0) return fail(list, 'scenarios is a list of calls, each with a name and steps')
    const seen = new Set<string>()
    return list.items.flatMap((item, i) =>
      reader.attempt(() => {
        if (!isMap(item)) return fail(item as Node, `scenarios[${i}] is a mapping with name and steps`)
        const own = reader.settings(item, SETTINGS.filter((k) => k !== 'platform'), false)
        const name = own.name ?? `${defaultName} #${i + 1}`
        if (seen.has(name)) fail(item.get('name', true) as Node, `two scenarios are named ${JSON.stringify(name)}: names must be unique in a file`)
        seen.add(name)
        const limits = defaults.limits || own.limits ? { limits: { ...defaults.limits, ...own.limits } } : {}
        const rules = defaults.rules || own.rules ? { rules: { ...defaults.rules, ...own.rules } } : {}
        return [reader.complete({ ...defaults, ...own, ...limits, ...rules, name, parties: { ...defaults.parties, ...own.parties } }, item)]
      }, []),
    )
  }, [])
  reader.checkVendors()
  if (problems.length > 0) throw ScenarioFileError.all(problems)
  return { file, scenarios }
}

/**
 * The first ` #` inside an open `{ … }` or `[ … ]` whose line goes on to close it: unquoted text
 * holding a # (`{ text: Press # to confirm }`), where YAML read the rest of the line as a comment and
 * then said "a { is not closed" at the next line (QA-163 Q2). With the text it cut, whole (up to the
 * next , } or ]), and its key. Quoted strings are skipped; undefined when no line is so.
 */
function commentInFlow(text: string): { hash: number; comment: string; open: string; key: string | undefined; text: string } | undefined {
  const opens: string[] = []
  for (let i = 0, lineStart = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\n') lineStart = i + 1
    else if ((c === '"' || c === "'") && opens.length > 0 && /[\s{[,:]/.test(text[i - 1] ?? ' ')) {
      // A quoted scalar: to its closing quote ("" inside '…' and \" inside "…" stay in it).
      for (i++; i < text.length && text[i] !== '\n'; i++) {
        if (c === '"' && text[i] === '\\') i++
        else if (text[i] === c && !(c === "'" && text[i + 1] === "'")) break
      }
    } else if (c === '{' || c === '[') opens.push(c)
    else if ((c === '}' || c === ']') && opens.length > 0) opens.pop()
    else if (c === '#' && /[ \t]/.test(text[i - 1] ?? '')) {
      const lineEnd = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i)
      const rest = text.slice(i, lineEnd).replace(/\r$/, '')
      if (opens.length > 0 && /[}\]]/.test(rest)) {
        const before = /(?:^|[{[,]\s*)(?:([^\s:{}[\],#][^:{}[\],]*?):\s+)?([^:{}[\],]*?)\s*$/.exec(text.slice(lineStart, i))
        const after = /^[^,}\]]*/.exec(rest)![0].trimEnd()
        return { hash: i, comment: rest.trimEnd(), open: opens.at(-1)!, key: before?.[1]?.trim(), text: `${before?.[2] ?? ''} ${after}`.trim() }
      }
      // A comment outside any { } (or not closing one): the rest of its line is no YAML.
      i = lineEnd - 1
    }
  }
  return undefined
}

/**
 * Where the quote, [ or { that YAML found not closed opens. YAML says so where it gave up looking for
 * the closing one, at the end of the file or of the block (a line after the file's last, even): the
 * place to fix is the opening one, the last of its kind still open. Undefined for any other error.
 */
function unclosedAt(doc: ReturnType<typeof parseDocument>, text: string, message: string): number | undefined {
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1]
  const bracket = /end with a ([\]}])/.exec(message)?.[1]
  if (quote === undefined && bracket === undefined) return undefined
  let at: number | undefined
  visit(doc, (_key, node) => {
    const range = (node as Node).range
    if (!range) return
    const source = text.slice(range[0], range[1]).trimEnd()
    const open = quote
      ? isScalar(node) && source.startsWith(quote) && (source.length === 1 || !source.endsWith(quote))
      : (isSeq(node) || isMap(node)) && node.flow === true && source.startsWith(bracket === ']' ? '[' : '{') && !source.endsWith(bracket!)
    if (open && (at === undefined || range[0] > at)) at = range[0]
  })
  return at
}

/**
 * Where a key out of line is: YAML says so (`All mapping items must start at the same column`, or
 * `Sequence item without - indicator` for a key dedented to between a list's "- " and its item's
 * keys) at the start of the key's line, column 1; the key is the line's first character after its
 * indent. Any other error keeps its offset.
 */
function indentedAt(text: string, message: string, offset: number): number {
  if (!/^(All mapping items must start at the same column|Sequence item without - indicator)/.test(message)) return offset
  if (offset > 0 && text[offset - 1] !== '\n') return offset
  let at = offset
  while (text[at] === ' ') at++
  return at < text.length && text[at] !== '\n' && text[at] !== '\r' ? at : offset
}

/**
 * Where a key indented deeper than the keys around it is (`- expect: PLAY` then `      match: …`):
 * YAML reads the value above and the key as one key spanning lines, a mapping nested where none
 * may be, and says both from the value's start. The key is the first character of the last line
 * of that span. Undefined for any other error, two colons on one line among them.
 */
function keyIndentedDeeper(errors: readonly { code: string; message: string; pos: [number, number] }[], text: string): number | undefined {
  const [first] = errors
  if (!first || !/^Nested mappings are not allowed in compact mappings/.test(first.message)) return undefined
  const span = errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY' && e.pos[0] === first.pos[0])
  if (!span) return undefined
  let at = text.lastIndexOf('\n', span.pos[1] - 1) + 1
  if (at <= span.pos[0]) return undefined
  while (text[at] === ' ') at++
  return at
}

/**
 * YAML's words for the mistakes people make most, as what to fix. (The position says where; the
 * YAML message is kept after it for the rest.)
 */
function yamlProblem(code: string, message: string): string {
  if (/block sequence may not be used as an implicit map key|All sequence items must start at the same column/i.test(message)) {
    return `a list item is not lined up with the others: every "- " of a list (the steps of a call, the calls under scenarios:) starts in the same column, indented under its key (${message})`
  }
  if (/All mapping items must start at the same column/i.test(message)) return `a key is not lined up with the keys around it: the keys of one mapping start in the same column (${message})`
  // A key dedented to between a list's "- " and its item's first key (`- expect: PLAY`, then `   match:`
  // one space short): YAML reads it as a list item with no "- ", which is not what was written.
  if (/^Sequence item without - indicator/.test(message)) {
    return `a key is not lined up with the list item it belongs to: the keys of one "- " item start in the same column as its first key, the one right after "- " (${message})`
  }
  if (code === 'TAB_AS_INDENT') return 'a tab is used to indent: YAML indents with spaces only'
  if (/Nested mappings are not allowed in compact mappings/i.test(message)) return `two colons on one line (a: b: c): quote a value that holds ": ", or put the inner mapping on lines of its own (${message})`
  if (code === 'MISSING_CHAR' && /quote/i.test(message)) return `a quoted string is not closed: add the closing quote (${message})`
  const bracket = /\bend with a ([\]}])$/.exec(message)?.[1]
  if (bracket === ']') return `a [ is not closed: end the list with ], or write its items as lines of "- " (${message})`
  if (bracket === '}') return `a { is not closed: end the mapping with }, or write its keys on lines of their own (${message})`
  if (code === 'DUPLICATE_KEY') return 'the same key twice in one mapping: keep one'
  return message
}

type Settings = Partial<Omit<Scenario, 'at'>>

class Reader {
  constructor(
    readonly fail: (node: Node | null | undefined, reason: string) => never,
    readonly pos: (offset: number) => SourcePosition,
    readonly platforms: PlatformCatalog,
    platform: string | undefined,
    readonly problems: ScenarioFileError[],
    readonly text: string,
    /** YAML or JSON: how the messages write their examples. */
    readonly syntax: FileSyntax,
  ) {
    this.#platform = platform
  }

  /** `work`, or (a problem in the file) `fallback` with the problem kept: reading goes on to find the others. */
  attempt<T>(work: () => T, fallback: T): T {
    try {
      return work()
    } catch (error) {
      if (!(error instanceof ScenarioFileError)) throw error
      this.problems.push(error)
      return fallback
    }
  }

  #platform: string | undefined
  /** Each `vendor:` of the file (the top's, each scenario's), checked once the platform is known (checkVendors). */
  readonly vendors: YAMLMap[] = []

  /**
   * Each `vendor:` against the platform's options, as callTo() and the call's start check them
   * (check-options.ts, the same words), every problem at the key or value at fault: a wrong one
   * failed every call of the file with the same message, and the file was not refused (brief
   * h218). `vendor:` may come before `platform:`, so this runs when the file is read. A scenario's
   * vendor replaces the file's (as the run takes it), so each mapping is checked on its own.
   */
  checkVendors(): void {
    const platform = this.platforms[this.#platform ?? '']
    if (!platform) return
    const options: VendorOptionsOf = { ...platform, platform: this.#platform! }
    for (const map of this.vendors) {
      for (const issue of vendorOptionIssues(map.toJSON() as object, options)) {
        this.attempt(() => this.fail(nodeAt(map, issue.path, issue.key), issue.message), undefined)
      }
    }
  }

  at(node: Node): SourcePosition {
    return this.pos(node.range?.[0] ?? 0)
  }

  complete(s: Settings, node: YAMLMap): Scenario {
    if (!s.steps) return this.fail(node, `scenario ${JSON.stringify(s.name)} has no steps`)
    return { parties: {}, ...s, name: s.name!, platform: s.platform!, steps: s.steps, at: this.at(node) }
  }

  settings(map: YAMLMap, allowed: string[], top: boolean): Settings {
    const out: Settings = {}
    for (const pair of map.items as Pair<Node, Node>[]) {
      // A setting at fault is left out: its call is not run anyway, and the rest are still read.
      const ok = this.attempt(() => (this.setting(pair, allowed, top, out), true), false)
      // Steps that could not be read are not "no steps", nor are steps under a misspelt key (`step:`), said as unknown.
      if (!ok && isScalar(pair.key) && (pair.key.value === 'steps' || closestName(String(pair.key.value), allowed) === 'steps')) out.steps ??= []
    }
    return out
  }

  setting(pair: Pair<Node, Node>, allowed: string[], top: boolean, out: Settings): void {
    {
      const key = this.key(pair)
      const value = pair.value
      if (!allowed.includes(key)) {
        const hint = STEP_KEYS.includes(key) ? ' (steps go in a list under steps:)' : didYouMeanName(key, allowed)
        this.fail(pair.key, `unknown setting ${JSON.stringify(key)}${hint}; expected one of: ${allowed.join(', ')}`)
      }
      switch (key) {
        case 'platform': {
          const p = this.string(value, 'platform')
          if (!(p in this.platforms)) this.fail(value, unknownPlatform(p, this.platforms))
          out.platform = this.#platform = p
          break
        }
        case 'name':
        case 'target':
        case 'webhookPath':
          out[key] = this.string(value, key)
          break
        case 'from':
        case 'to':
          out[key] = this.number(value, key, (quoted) => this.syntax.pair(key, quoted))
          break
        case 'seed': {
          const seed = this.plain(value)
          if (typeof seed !== 'number' || !Number.isInteger(seed)) this.fail(value, `seed is an integer, got ${JSON.stringify(seed)}`)
          out.seed = seed as number
          break
        }
        case 'unconsumed': {
          const v = this.string(value, key)
          if (!['error', 'warn', 'ignore'].includes(v)) this.fail(value, `unconsumed is error, warn or ignore, got ${JSON.stringify(v)}`)
          out.unconsumed = v as Scenario['unconsumed']
          break
        }
        case 'headers':
          out.headers = this.stringMap(value, key)
          break
        case 'vendor':
          if (!isMap(value)) this.fail(value, 'vendor is a mapping of the platform simulation options')
          out.vendor = (value as YAMLMap).toJSON() as Record<string, unknown>
          this.vendors.push(value as YAMLMap)
          break
        case 'parties':
          out.parties = this.parties(value)
          break
        case 'answeredBy':
          out.answeredBy = this.behaviour(value, 'answeredBy')
          break
        case 'startedBy':
          out.startedBy = this.startRequest(value)
          break
        case 'steps':
          out.steps = this.steps(value)
          break
        case 'limits':
          out.limits = this.limits(value)
          break
        case 'strict': {
          const strict = this.plain(value)
          if (typeof strict !== 'boolean') this.fail(value, `strict is true or false, got ${JSON.stringify(strict)}`)
          out.strict = strict as boolean
          break
        }
        case 'rules':
          out.rules = this.rules(value)
          break
        case 'scenarios':
          if (!top) this.fail(pair.key, 'scenarios cannot be nested')
          break
      }
    }
  }

  /** `limits: { responseTimeoutMs: 30s, maxTurns: 500 }`: callTo's limits, the ms ones as durations. */
  limits(node: Node | null): Partial<Limits> {
    const keys = [...DURATION_LIMITS, ...COUNT_LIMITS]
    if (!isMap(node)) return this.fail(node, `limits is a mapping of ${keys.join(', ')}, such as limits: { responseTimeoutMs: 30s, maxTurns: 500 }`)
    const out: Record<string, number> = {}
    // Each limit on its own: a problem in one (an unknown key among them) no longer hides the others'.
    for (const pair of node.items as Pair<Node, Node>[]) this.attempt(() => this.limit(pair, keys, out), undefined)
    return out as Partial<Limits>
  }

  /**
   * `rules: { webex-connect/unknown-keys: error, webex-connect/audio-file-type: off }`: callTo's
   * rule levels, each id checked against the platform's rules where the platform is known by then
   * (else the call's own check refuses an unknown one when it runs).
   */
  rules(node: Node | null): Record<string, RuleLevel> {
    const table = this.#platform === undefined ? undefined : this.platforms[this.#platform]?.rules
    const example = table ? Object.entries(table).find(([, rule]) => rule.evidence === 'inferred')?.[0] : undefined
    if (!isMap(node)) return this.fail(node, `rules is a mapping of rule ids to off, warn or error, such as rules: { ${example ?? '<platform>/unknown-keys'}: error }`)
    const out: Record<string, RuleLevel> = {}
    // Each rule on its own, as limits: a problem in one does not hide the others'.
    for (const pair of node.items as Pair<Node, Node>[]) this.attempt(() => this.rule(pair, table, out), undefined)
    return out
  }

  /** One `id: level` of rules, read into `out`; a problem is thrown (rules() keeps it and reads on). */
  rule(pair: Pair<Node, Node>, table: RuleTable | undefined, out: Record<string, RuleLevel>): void {
    const id = this.key(pair)
    if (table && !(id in table)) {
      this.fail(pair.key, `${this.#platform} has no rule ${JSON.stringify(id)}${didYouMeanName(id, Object.keys(table))}; docs/rules.md says where each platform's rules are listed`)
    }
    const level = this.plain(pair.value)
    if (typeof level !== 'string' || !RULE_LEVELS.includes(level as RuleLevel)) this.fail(pair.value, `rules.${id} is off, warn or error, got ${JSON.stringify(level)}`)
    const fixed = table?.[id]?.fixed
    if (fixed && level !== 'error') this.fail(pair.value, `rule ${id} cannot be set to ${level as string}: ${fixed}`)
    out[id] = level as RuleLevel
  }

  /** One `key: value` of limits, read into `out`; a problem is thrown (limits() keeps it and reads on). */
  limit(pair: Pair<Node, Node>, keys: readonly string[], out: Record<string, number>): void {
    const key = this.key(pair)
    if (!keys.includes(key)) this.fail(pair.key, `unknown limit ${JSON.stringify(key)}${didYouMeanName(key, keys)}; limits takes ${keys.join(', ')}`)
    const v = this.plain(pair.value)
    if (DURATION_LIMITS.includes(key)) {
      const ms = parseDuration(v)
      if (ms === 0) this.fail(pair.value, `limits.${key} must be above 0, got ${JSON.stringify(v)}: give a duration such as 30s or 500ms (a bare number is ms), or leave it out for callspec's default`)
      if (ms === undefined) this.fail(pair.value, `limits.${key} is a duration such as 30s or 500ms (a bare number is ms), got ${JSON.stringify(v)}`)
      out[key] = ms!
    } else {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) this.fail(pair.value, `limits.${key} is a whole number ≥ 1, got ${JSON.stringify(v)}`)
      out[key] = v as number
    }
  }

  key(pair: Pair<Node, Node>): string {
    const k = pair.key
    if (!isScalar(k) || typeof k.value !== 'string') return this.fail(k, 'keys are plain words')
    return k.value
  }

  plain(node: Node | null): unknown {
    if (node === null || !isScalar(node)) return this.fail(node, 'expected a single value here, not a list or mapping')
    return node.value
  }

  string(node: Node | null, what: string): string {
    this.requireQuoted(node, what, (quoted) => this.syntax.pair(what, quoted))
    const v = this.plain(node)
    if (typeof v !== 'string' || v === '') this.fail(node, `${what} is a non-empty string, got ${JSON.stringify(v)}`)
    return v as string
  }

  /** A phone number; `write` puts it back in the file quoted, for the hint (`from: "+14155550100"`). */
  number(node: Node | null, what: string, write: (quoted: string) => string): string {
    this.requireQuoted(node, what, write)
    const v = this.plain(node)
    if (typeof v !== 'string' || !E164.test(v)) this.fail(node, `${what} is a phone number in E.164 form such as "+14155550100", got ${JSON.stringify(v)}`)
    return v as string
  }

  /**
   * Where the file must write a string, a number or true/false YAML read (`press: 0123` is 123,
   * `from: +1415…` drops its +) is refused, not turned back into text that may not be what was
   * written: the message shows the quoted form, as `callspec schema` asks for it too.
   */
  requireQuoted(node: Node | null, what: string, write: (quoted: string) => string): void {
    if (!isScalar(node) || (typeof node.value !== 'number' && typeof node.value !== 'boolean')) return
    const source = node.source ?? String(node.value)
    this.fail(node, `${what} must be quoted: unquoted, ${source} is the ${typeof node.value} ${String(node.value)}; write ${write(JSON.stringify(source))}`)
  }

  stringMap(node: Node | null, what: string): Record<string, string> {
    if (!isMap(node)) return this.fail(node, `${what} is a mapping of names to strings`)
    const out: Record<string, string> = {}
    // Each entry on its own, as limits: a problem in one does not hide the others'.
    for (const pair of node.items as Pair<Node, Node>[]) {
      this.attempt(() => {
        const name = this.key(pair)
        this.requireQuoted(pair.value, `${what}.${name}`, (quoted) => this.syntax.pair(name, quoted))
        const value = this.plain(pair.value)
        if (typeof value !== 'string') this.fail(pair.value, `${what}.${name} is a string, got ${JSON.stringify(value)}`)
        out[name] = value as string
      }, undefined)
    }
    return out
  }

  parties(node: Node | null): Record<string, PartyBehaviour> {
    if (!isMap(node)) return this.fail(node, 'parties maps phone numbers to how they behave: answers, busy, no-answer, voicemail or { hangsUpAfter: 30s }')
    const out: Record<string, PartyBehaviour> = {}
    for (const pair of node.items as Pair<Node, Node>[]) {
      // Each party on its own: a problem in one number or behaviour does not hide the others'.
      this.attempt(() => {
        out[this.number(pair.key, "a party's number", (quoted) => `${quoted}: …`)] = this.behaviour(pair.value, 'a party')
      }, undefined)
    }
    return out
  }

  behaviour(node: Node | null, what: string): PartyBehaviour {
    if (isMap(node)) {
      // A key other than hangsUpAfter is named where it is: `answers: true` or `hangsUpAfterMs`,
      // callTo's shape, was refused with the right form and no word of which key was wrong (audit h183).
      for (const pair of node.items as Pair<Node, Node>[]) {
        const key = this.key(pair)
        if (key === 'hangsUpAfter') continue
        const own = key === 'answers' || key === 'hangsUpAfterMs' ? ` ({ answers: true, hangsUpAfterMs } is callTo's shape; a scenario file writes hangsUpAfter alone)` : didYouMeanName(key, ['hangsUpAfter'])
        this.fail(pair.key, `${what}: ${JSON.stringify(key)} is no key of a party${own}; write { hangsUpAfter: 30s } for a person who answers then hangs up`)
      }
      const after = node.get('hangsUpAfter', true) as Node | undefined
      const given = after === undefined ? undefined : this.plain(after)
      const ms = parseDuration(given)
      if (ms === undefined || node.items.length !== 1) this.fail(node, `${what}: write { hangsUpAfter: 30s } for a person who answers then hangs up`)
      // As a step's duration: 30 bare is 30 ms, a hang-up before anyone spoke (seconds were meant).
      const bare = bareBelowMinimum(given)
      if (bare !== undefined) this.fail(after!, secondsMeant('hangsUpAfter', bare, 'over before anyone could speak', this.syntax))
      return { answers: true, hangsUpAfterMs: ms! }
    }
    const v = this.plain(node)
    if (typeof v !== 'string' || !BEHAVIOURS.includes(v)) {
      // A behaviour a case, a separator or a letter away (answer, no_answer, Busy) names the one meant.
      const near = typeof v === 'string' ? nearBehaviour(v) : undefined
      this.fail(node, `${what} is one of ${BEHAVIOURS.join(', ')} or { hangsUpAfter: 30s }, got ${JSON.stringify(v)}${near ? ` (did you mean "${near}"?)` : ''}`)
    }
    return v as PartyBehaviour
  }

  startRequest(node: Node | null): StartRequest {
    if (!isMap(node)) return this.fail(node, 'startedBy is the request that makes the app call out: { method: POST, path: /remind, body: {…} }')
    // Each key and value on its own, as limits: a problem in one does not hide the others'.
    const allowed = ['method', 'path', 'headers', 'body']
    for (const pair of node.items as Pair<Node, Node>[]) {
      this.attempt(() => {
        const key = this.key(pair)
        if (!allowed.includes(key)) this.fail(pair.key, `startedBy takes ${allowed.join(', ')}; got ${JSON.stringify(key)}`)
      }, undefined)
    }
    const pathNode = node.get('path', true) as Node | undefined
    const path = this.attempt(() => {
      if (pathNode === undefined) this.fail(node, 'startedBy needs a path on the app, such as /reminders')
      const path = this.string(pathNode!, 'startedBy.path')
      if (!path.startsWith('/')) this.fail(pathNode, `startedBy.path starts with /, got ${JSON.stringify(path)}`)
      return path
    }, '/')
    const methodNode = node.get('method', true) as Node | undefined
    const body = node.has('body') ? (node.get('body', true) as Node).toJSON() : undefined
    const method = this.attempt(() => {
      const method = methodNode === undefined ? (body === undefined ? 'GET' : 'POST') : this.string(methodNode, 'startedBy.method')
      if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method)) this.fail(methodNode, `startedBy.method is GET, POST, PUT or DELETE, got ${method}`)
      return method
    }, 'POST')
    const headers = node.has('headers') ? this.attempt(() => this.stringMap(node.get('headers', true) as Node, 'startedBy.headers'), undefined) : undefined
    return { method: method as StartRequest['method'], path, ...(headers ? { headers } : {}), ...(body !== undefined ? { body } : {}) }
  }

  /** Each key of a match is a field of the action, where the platform says which (a typo would fail the call as if the app were wrong). */
  checkFields(match: YAMLMap, action: string, n: number): void {
    const platform = this.platforms[this.#platform ?? '']
    const fields = platform?.actionFields?.(action)
    const schema = platform?.actionSchema?.(action)
    if (fields && fields.length > 0) {
      for (const pair of match.items as Pair<Node, Node>[]) {
        const key = this.key(pair)
        // Each unknown field is said, not only the first (the step is not run either way).
        if (!fields.includes(key)) this.attempt(() => this.fail(pair.key, `step ${n} (expect ${action}): ${action} has no field ${JSON.stringify(key)}${this.unknownFieldHint(match, pair, fields)}`), undefined)
      }
    }
    if (!schema) return
    // The keys under them, against the action's schema (before, only the match's own keys were:
    // `collectInput: { terminationDgit: "#" }` loaded, and failed the call as if the app were wrong).
    for (const pair of match.items as Pair<Node, Node>[]) {
      const key = this.key(pair)
      const fieldSchemas = objectFields([schema.schema], schema.defs)?.of(key) ?? []
      if (fieldSchemas.length > 0) this.checkNested(pair.value, fieldSchemas, schema.defs, key, `step ${n} (expect ${action})`)
    }
  }

  /** The keys of `node` (a match's value at `path`) against `schemas`, where they say which fields there are. */
  checkNested(node: Node | null, schemas: unknown[], defs: Record<string, unknown>, path: string, step: string): void {
    if (isScalar(node)) return this.checkValueType(node, schemas, defs, path, step)
    if (isSeq(node)) {
      const least = minItemsOf(schemas, defs)
      // A list matches item by item, all of them: one shorter than the action ever has never matches.
      if (node.items.length < least) {
        this.attempt(() => this.fail(node, `${step}: ${path} is a list of at least ${least} item${least === 1 ? '' : 's'}, so ${node.items.length === 0 ? 'an empty one' : `one of ${node.items.length}`} never matches: write its items, or leave ${path.split('.').at(-1)} out`), undefined)
      }
      const items = itemSchemas(schemas, defs)
      if (items.length > 0) node.items.forEach((item, i) => this.checkNested(item as Node, items, defs, `${path}[${i}]`, step))
      return
    }
    if (!isMap(node)) return
    const fields = objectFields(schemas, defs)
    if (!fields) return
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = this.key(pair)
      if (!fields.names.includes(key)) this.attempt(() => this.fail(pair.key, `${step}: ${path} has no field ${JSON.stringify(key)}${this.unknownFieldHint(node, pair, fields.names)}`), undefined)
      else this.checkNested(pair.value, fields.of(key), defs, `${path}.${key}`, step)
    }
  }

  /**
   * A match's plain value (a number, text, true or false) against the JSON type the action's schema
   * states for it, where it states one. Before, only keys were checked: `maxDigits: "1"` loaded (the
   * shipped JSON Schema flags it) and failed the call as if the app were wrong, `expected "1", got 1`
   * (QA-163 Q7). A /pattern/ matches text only (dsl/match.ts), so it is text here; null is let be.
   */
  checkValueType(node: Scalar, schemas: unknown[], defs: Record<string, unknown>, path: string, step: string): void {
    const types = valueTypes(schemas, defs)
    const value: unknown = node.value
    if (types === undefined || value === null || value === undefined) return
    const kind = typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : undefined
    if (kind === undefined || types.has(kind) || (kind === 'integer' && types.has('number'))) return
    const key = path.split('.').at(-1)!.replace(/\[\d+\]$/, '')
    const written = typeof value === 'string' ? value.trim() : String(value)
    let problem: string
    if (types.has('integer') || types.has('number')) {
      const whole = !types.has('number')
      const numeric = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(written) && (!whole || !written.includes('.'))
      problem = `${path} is ${whole ? 'a whole number' : 'a number'}: ${numeric ? `write ${this.syntax.pair(key, written)}, without quotes` : `got ${JSON.stringify(value)}`}`
    } else if (types.has('string')) {
      problem = `${path} is text: write ${this.syntax.pair(key, JSON.stringify(written))}, in quotes`
    } else if (types.has('boolean')) {
      problem = `${path} is true or false: ${written === 'true' || written === 'false' ? `write ${this.syntax.pair(key, written)}, without quotes` : `got ${JSON.stringify(value)}`}`
    } else return
    this.attempt(() => this.fail(node, `${step}: ${problem}`), undefined)
  }

  /**
   * What to say after `… has no field "x"`: for a key with no value that holds spaces, a comma in
   * unquoted text inside { } that cut it (`{ text: Enter your PIN, followed by # }` is two keys), with
   * the text quoted whole where the key before it holds the start; else a did-you-mean and the fields.
   */
  unknownFieldHint(map: YAMLMap, pair: Pair<Node, Node>, fields: readonly string[]): string {
    const key = this.key(pair)
    const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null)
    if (empty && /\s/.test(key.trim()) && isScalar(pair.key) && pair.key.type === 'PLAIN') {
      const items = map.items as Pair<Node, Node>[]
      const before = items[items.indexOf(pair) - 1]
      const start = before && isScalar(before.value) && before.value.type === 'PLAIN' && typeof before.value.value === 'string' ? before.value.value : undefined
      const whole = start === undefined ? '' : `: ${this.key(before!)}: ${JSON.stringify(`${start}, ${key}`)}`
      return `: a comma inside { } ends the value; quote the text${whole}`
    }
    return `${didYouMeanName(key, fields)}; its fields are ${fields.join(', ')}`
  }

  /** The comment YAML read after `node` on its line (` # PIN then hash`: what follows the #), or undefined. */
  commentAfter(node: Node | null | undefined): string | undefined {
    const end = node?.range?.[1]
    if (end === undefined) return undefined
    const lineEnd = this.text.indexOf('\n', end)
    const found = /^([ \t]*)#([^\r\n]*)/.exec(this.text.slice(end, lineEnd < 0 ? undefined : lineEnd))
    // A # starts a comment only after a space (or where the value would start: `press: #`).
    if (!found || (found[1] === '' && !/[ \t]/.test(this.text[end - 1] ?? ''))) return undefined
    return found[2]
  }

  /**
   * Every string of a match or a heard that is a /pattern/ must compile. A plain (unquoted) one
   * that starts or ends like a pattern but is none was cut short by YAML (`{ text: /a, b/ }` is
   * two keys) or has a typo in its flags: both say to quote it. A quoted one is text, as written.
   */
  checkPatterns(node: Node, step: string): void {
    visit(node, {
      Scalar: (_key, scalar) => {
        if (typeof scalar.value !== 'string') return
        const text = scalar.value
        const problem = patternProblem(text)
        if (problem) this.fail(scalar, `${step}: ${JSON.stringify(text)} is not a valid pattern (${problem}): ${PATTERN_FIX}`)
        if (scalar.type !== 'PLAIN' || looksLikePattern(text)) return
        const flags = /^\/[\s\S]+\/(\w+)$/.exec(text)?.[1]
        if (flags) {
          const wrong = [...flags].filter((f) => !PATTERN_FLAGS.includes(f)).join('')
          this.fail(scalar, `${step}: ${text} is not a pattern: ${JSON.stringify(wrong)} is not a flag (a pattern's flags are ${[...PATTERN_FLAGS].join(', ')}); to match the text exactly, quote it: ${JSON.stringify(text)}`)
        }
        // `heard: /press # to confirm/`: YAML read ` # to confirm/` as a comment, and the pattern was
        // said "cut short by a comma or colon", where there is none (QA-163 Q2): the # is the cause.
        const comment = this.commentAfter(scalar)
        if (comment !== undefined && text.startsWith('/')) this.hashCut(scalar, text, comment, step)
        if (text.startsWith('/') || (PATTERN_END.test(text) && !/^[a-z]+:\/\//i.test(text))) {
          this.fail(scalar, `${JSON.stringify(text)} looks like part of a /pattern/ cut short by a comma or colon: quote the whole pattern, e.g. "/Press 1, or 2/"`)
        }
      },
    })
  }

  /**
   * Unquoted text that a ` #` cut (`heard: /press # to confirm/`: YAML read `# to confirm/` as a
   * comment): said at the #, as press's is (pressCutByComment), with the text quoted whole.
   */
  hashCut(scalar: Scalar, text: string, comment: string, step: string): never {
    const end = scalar.range![1]
    const hash = this.text.indexOf('#', end)
    const whole = `${text} #${comment}`.trim()
    throw new ScenarioFileError(this.pos(hash), `${step}: YAML read ${JSON.stringify(`#${comment}`)} as a comment (a # after a space starts one), so the text stopped at ${JSON.stringify(text)}: quote the text, # and all: ${JSON.stringify(whole)}`)
  }

  /**
   * `press: 12 #`: YAML read the # (after a space) as the start of a comment, and press got 12, or
   * nothing (`press: #`). Said so, with the keys quoted # and all: before, the advice was
   * `press: "12"`, which drops the # the line meant to press (audit-86).
   */
  pressCutByComment(value: Node | null, last: Node | null | undefined): void {
    if (isScalar(value) && value.type !== 'PLAIN') return
    const comment = this.commentAfter(value ?? last)
    if (comment === undefined) return
    const given = value === null || (isScalar(value) && value.value === null) ? '' : isScalar(value) ? (value.source ?? String(value.value)) : undefined
    if (given === undefined || !/^[0-9*#]*$/.test(given)) return
    const meant = `${given}#`
    const read = given === '' ? 'press got no keys' : `press got ${given} alone`
    const what = comment.trim() === '' ? 'the #' : JSON.stringify(`#${comment}`)
    this.fail(value ?? last, `press: YAML read ${what} as a comment (a # after a space starts one), so ${read}: to press # too, quote the keys: press: ${JSON.stringify(meant)}${given === '' ? '' : ` (or press: ${JSON.stringify(given)} without it)`}`)
  }

  steps(node: Node | null): ScenarioStep[] {
    const list = 'steps is a list: - expect: ANSWER, - press: "1234#", - say: …, - silent: 5s, - hangup, - expectHangup, - heard: …'
    // `steps: []` is a list, an empty one: said as such (audit-122), with what goes in it.
    if (isSeq(node) && node.items.length === 0) return this.fail(node, `steps is empty: a scenario needs at least one step (${list.replace('steps is a list: ', '')})`)
    if (!isSeq(node)) return this.fail(node, list)
    return node.items.flatMap((item, i) => this.attempt(() => [this.step(item as Node, i + 1)], []))
  }

  /** Step `n` of its list (1-based: messages name it). */
  step(node: Node, n: number): ScenarioStep {
    const at = this.at(node)
    if (isScalar(node)) {
      const word = node.value
      if (typeof word === 'string' && BARE_STEPS.includes(word)) {
        if (word === 'expectHangup') return { at, kind: 'expectHangup' }
        if (word === 'hangup') return { at, kind: 'hangup', cause: 'caller' }
        return { at, kind: 'silent' }
      }
      return this.fail(node, `unknown step ${JSON.stringify(word)}${typeof word === 'string' ? stepMeant(word, this.syntax) : ''}: a step is one of ${STEP_KEYS.join(', ')}`)
    }
    if (!isMap(node) || node.items.length === 0) return this.fail(node, `a step is one of ${STEP_KEYS.join(', ')}`)
    const pairs = node.items as Pair<Node, Node>[]
    const keys = pairs.map((p) => this.key(p))
    const kinds = keys.filter((k) => STEP_KEYS.includes(k))
    if (kinds.length !== 1) {
      const at0 = pairs[kinds.length === 0 ? 0 : keys.indexOf(kinds[1]!)]!.key
      return this.fail(at0, kinds.length === 0 ? `unknown step ${JSON.stringify(keys[0])}${stepMeant(keys[0]!, this.syntax)}: a step is one of ${STEP_KEYS.join(', ')}` : `one step per list item: found ${kinds.join(' and ')} (${this.syntax.newStep})`)
    }
    const kind = kinds[0]!
    const options = new Map(pairs.filter((p) => this.key(p) !== kind).map((p) => [this.key(p), p] as const))
    const value = node.get(kind, true) as Node | null
    const allow = (...names: string[]) => {
      for (const [name, pair] of options) {
        if (!names.includes(name)) this.fail(pair.key, `${kind} takes ${names.length ? names.join(', ') : 'no options'}; got ${JSON.stringify(name)}${didYouMeanName(name, names)}`)
      }
    }
    const flag = (name: string): boolean | undefined => {
      const pair = options.get(name)
      if (!pair) return undefined
      const v = this.plain(pair.value)
      if (typeof v !== 'boolean') this.fail(pair.value, `${name} is true or false, got ${JSON.stringify(v)}`)
      return v as boolean
    }
    switch (kind) {
      case 'expect': {
        allow('match')
        const action = this.string(value, 'expect')
        const names = this.platforms[this.#platform ?? '']?.actionNames
        // Something of the platform's that is no action on it (Voxology's make-call): what to write instead.
        const instead = names && !names.includes(action) ? notAnAction(this.platforms[this.#platform!], action) : undefined
        if (instead) this.fail(value, `${this.#platform} has no action ${JSON.stringify(action)}: ${instead.why}: ${instead.scenario}; its actions are ${names!.join(', ')}`)
        if (names && !names.includes(action)) this.fail(value, `${this.#platform} has no action ${JSON.stringify(action)}${didYouMeanName(action, names) || otherPlatforms(action, this.#platform!, this.platforms)}; its actions are ${names.join(', ')}`)
        const matchPair = options.get('match')
        if (!matchPair) return { at, kind, action }
        if (!isMap(matchPair.value)) this.fail(matchPair.value, 'match is a mapping of the fields the action must have (strings like /text/i are patterns)')
        this.checkFields(matchPair.value as YAMLMap, action, n)
        this.checkPatterns(matchPair.value as YAMLMap, `step ${n} (expect ${action})`)
        return { at, kind, action, match: withPatterns((matchPair.value as YAMLMap).toJSON()) }
      }
      case 'expectHangup':
      case 'hangup': {
        allow()
        const v = value === null ? null : this.plain(value)
        if (kind === 'hangup' && (v === 'network' || v === 'caller')) return { at, kind, cause: v }
        if (v !== null) this.fail(value, kind === 'hangup' ? `hangup takes nothing, or network (the line drops), got ${JSON.stringify(v)}: write - hangup, or - hangup: network` : `expectHangup takes nothing, got ${JSON.stringify(v)}: write - expectHangup`)
        return kind === 'hangup' ? { at, kind, cause: 'caller' } : { at, kind }
      }
      case 'press': {
        allow('bargeIn', 'gap')
        this.pressCutByComment(value, node.get(kind, true) === null ? pairs.find((p) => this.key(p) === kind)!.key : value)
        this.requireQuoted(value, 'press', (quoted) => this.syntax.pair('press', quoted))
        const digits = this.plain(value)
        if (typeof digits !== 'string' || !KEYS.test(digits)) this.fail(value, `press takes keys 0-9, * and # (quote them: "1234#"), got ${JSON.stringify(digits)}`)
        const gapPair = options.get('gap')
        const gap = gapPair === undefined ? undefined : this.plain(gapPair.value)
        const gapMs = parseDuration(gap)
        if (gapPair && gapMs === undefined) this.fail(gapPair.value, 'gap is a duration such as 300ms')
        const bareGap = bareBelowMinimum(gap)
        if (bareGap !== undefined) this.fail(gapPair!.value, `gap: ${bareGap} has no unit: write ${this.syntax.text(`${bareGap}ms`)} for milliseconds, or ${this.syntax.text(`${bareGap}s`)} for seconds`)
        return { at, kind, digits: digits as string, ...opt('bargeIn', flag('bargeIn')), ...opt('gapMs', gapMs) }
      }
      case 'say': {
        allow('bargeIn', 'recognised')
        return { at, kind, text: this.string(value, 'say'), ...opt('bargeIn', flag('bargeIn')), ...opt('recognised', flag('recognised')) }
      }
      case 'silent': {
        allow()
        const v = value === null ? null : this.plain(value)
        if (v === null) return { at, kind }
        if (v === 'timeout') return { at, kind, untilTimeout: true }
        const ms = parseDuration(v)
        if (ms === undefined) {
          const hint = typeof v === 'boolean' ? ': write - silent to wait until the app acts, or - silent: 60s' : ''
          this.fail(value, `silent takes a duration such as 60s, 1.5 s or 500ms, timeout (until the platform's input timeout) or nothing (until the app acts), got ${JSON.stringify(v)}${hint}`)
        }
        const bare = bareBelowMinimum(v)
        if (bare !== undefined) this.fail(value, secondsMeant('silent', bare, 'over before a caller could notice', this.syntax))
        return { at, kind, ms }
      }
      case 'heard': {
        allow()
        const text = this.string(value, 'heard')
        this.checkPatterns(value!, `step ${n} (heard)`)
        return { at, kind, prompt: looksLikePattern(text) ? toPattern(text) : text }
      }
    }
    return this.fail(node, `unknown step ${kind}`)
  }
}

/**
 * The node `path` names within `map` (keys of mappings, indexes of lists): the key of its last step
 * when `key`, else its value; as near as the file has it (a key zod finds missing: its mapping).
 */
function nodeAt(map: YAMLMap, path: readonly PropertyKey[], key: boolean): Node {
  let node: Node = map
  for (const [i, step] of path.entries()) {
    if (isMap(node)) {
      const pair: Pair<Node, Node> | undefined = (node.items as Pair<Node, Node>[]).find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(step))
      if (!pair) return node
      if (key && i === path.length - 1) return pair.key
      if (pair.value === null) return pair.key
      node = pair.value
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) node = node.items[step] as Node
    else return node
  }
  return node
}

/** `unknown platform "webex" (did you mean "webex-connect"?): one of …`: a short form is named too (closest-platform.ts). */
function unknownPlatform(given: string, platforms: PlatformCatalog): string {
  const names = Object.keys(platforms)
  const near = closestPlatform(given, names)
  return `unknown platform ${JSON.stringify(given)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}: one of ${names.join(', ')}`
}

/**
 * ` ("sayAndCapture" is an 8x8 action: is platform right?)` for an action of other platforms of the
 * catalog (not `platform`), else ''.
 */
function otherPlatforms(action: string, platform: string, platforms: PlatformCatalog): string {
  const owners = Object.keys(platforms).filter((p) => p !== platform && platforms[p]!.actionNames.includes(action))
  if (owners.length === 0) return ''
  const article = /^[aeiou8]/i.test(owners[0]!) ? 'an' : 'a'
  return ` (${JSON.stringify(action)} is ${article} ${owners.join(' and ')} action: is platform right?)`
}

/** `silent: 30 is 30 ms, <why>: write 30s for seconds, or 30ms if you mean milliseconds`. */
function secondsMeant(key: string, bare: number, why: string, syntax: FileSyntax): string {
  return `${key}: ${bare} is ${bare} ms, ${why}: write ${syntax.text(`${bare}s`)} for seconds, or ${syntax.text(`${bare}ms`)} if you mean milliseconds`
}

/**
 * Steps written as the TypeScript API names them, or as people say them: each the step of a file
 * that does it (`- expectAction: PLAY` is `- expect: PLAY`, `- wait: 5s` is `- silent: 5s`).
 */
const STEP_MEANT: Record<string, string> = {
  expectaction: 'expect',
  action: 'expect',
  pressdigits: 'press',
  digits: 'press',
  dtmf: 'press',
  saytext: 'say',
  speak: 'say',
  wait: 'silent',
  pause: 'silent',
  sleep: 'silent',
  waitfor: 'silent',
  hear: 'heard',
  expectprompt: 'heard',
  tohaveplayed: 'heard',
  hangupcall: 'hangup',
}

/** ` (did you mean "silent"?)` for a step key written as another name of a step, or a typo of one; else ''. */
function stepMeant(word: string, syntax: FileSyntax): string {
  // A step's option written as a list item of its own (`- match: …` under `- expect: PLAY`): where it goes (audit-122).
  if (word === 'match') return ` (match: belongs to the expect step above it: ${syntax.matchUnderExpect})`
  const meant = STEP_MEANT[word.toLowerCase()]
  return meant ? ` (did you mean ${JSON.stringify(meant)}?)` : didYouMeanName(word, STEP_KEYS)
}


const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }))
