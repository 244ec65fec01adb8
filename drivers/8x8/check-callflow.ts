import type { z } from 'zod'
import { gradedCheck, type RuleBook, type RuleBreach, type ValidationIssue } from '../../src/driver/index.js'
import { closestName } from '../../src/validation/did-you-mean.js'
import type { EightRuleId } from './rules.js'
import { BEHAVIOUR, type EightByEightOptions } from './behaviour.js'
import { ACTION_NAMES, SESSION_ERROR, STATUS, type SessionError } from './codes.js'
import { SendCallflowRequestSchema, VcaResponseSchema, type Action, type SendCallflowRequest, type VcaResponse } from './schemas.js'

/**
 * A rejected callflow: the answer Send Callflow gives (8x8's Send Callflow responses), and every
 * issue found.
 */
export interface CallflowProblem {
  /**
   * 400 for JSON and schema errors, 422 for rule errors (8x8's Send Callflow responses show one of
   * each).
   */
  status: 400 | 422
  code: number
  message: string
  issues: ValidationIssue[]
}

export interface CallflowContext {
  /**
   * 'rest': a Send Callflow request (8x8's Send Callflow reference); 'vca': the callflow in a VCA
   * answer (8x8's Responding to Call Action Request guide).
   */
  mode: 'rest' | 'vca'
  options: EightByEightOptions
  /** Wall-clock ms the validity is checked against (REST: when the request arrived). */
  now: number
  /** Legs the session has had so far; with the new makeCalls at most 2 (rule 8x8/session-legs, inferred). */
  legs: number
  /** The rule levels in force: a rule at 'warn' lets the callflow run, reported in `warnings`. */
  rules: RuleBook
}

export type CallflowCheck<T> = { ok: true; data: T; warnings: ValidationIssue[] } | { ok: false; problem: CallflowProblem }

export const MSISDN = /^\+?[1-9]\d{6,14}$/
/**
 * `+` optional on the wire; webhooks carry E.164 with `+` (8x8's makeCall reference, behaviour.md).
 */
export const toE164 = (number: string) => (number.startsWith('+') ? number : `+${number}`)

export function checkSendCallflow(body: unknown, ctx: Omit<CallflowContext, 'mode' | 'legs'>): CallflowCheck<SendCallflowRequest> {
  return checkCallflow(body, { ...ctx, mode: 'rest', legs: 0 }) as CallflowCheck<SendCallflowRequest>
}

export function checkVcaResponse(body: unknown, ctx: Omit<CallflowContext, 'mode' | 'now'>): CallflowCheck<VcaResponse> {
  // Named, not spread: this checks every VCA answer, and object spread was a hot spot in profiles.
  return checkCallflow(body, { mode: 'vca', options: ctx.options, now: 0, legs: ctx.legs, rules: ctx.rules }) as CallflowCheck<VcaResponse>
}

/**
 * No nullOptional rule, unlike the other drivers: 8x8's -1009 texts are a JSON-schema validator's
 * (`$.callflow[0].params.text: is missing but it is required`), which refuses null in a field typed
 * without it, and its OpenAPI types the fields that take null as such (sayAndCapture's
 * successMessage and failureMessage: string | null). So `speed: null` fails, -1009, as documented.
 */
const SCHEMA_RULES = { schema: '8x8/callflow-schema', unknownKeys: '8x8/unknown-keys' } satisfies Record<string, EightRuleId>

/**
 * The vendor's checks in the order callspec applies them: the JSON schema first (-1007 for an
 * unknown action, -1008 for a maxDigits out of range with completeOnHash false, -1009 with the
 * `$.callflow[N]…` path otherwise), then the callflow's rules
 * (-1015, -1013, -1010, -1012), then each action's (-1017, -1014, -1002, -1003, -1008, -1005,
 * -1006, -1004). The first problem is the vendor's answer; every issue is kept.
 */
function checkCallflow(body: unknown, ctx: CallflowContext): CallflowCheck<SendCallflowRequest | VcaResponse> {
  const schema = ctx.mode === 'rest' ? SendCallflowRequestSchema : VcaResponseSchema
  const parsed = gradedCheck(schema, body, ctx.rules, SCHEMA_RULES)
  if (!parsed.ok) {
    // The vendor answers with its first error; unknown keys at 'warn' are not one.
    const n = Math.max(0, parsed.issues.findIndex((i) => i.level === 'error'))
    // A bound the schema holds whose code or evidence is not the schema rule's (-1008, a presumed -1009).
    const bounds = parsed.error.issues.map((issue) => boundRule(issue, body, ctx.rules))
    const vendor = bounds[n]?.status ?? vendorSchemaError(parsed.error.issues[n]!, body)
    // An action name 8x8 does not know is its own documented code (-1007), so its own rule.
    const tagged = parsed.issues.map((issue, k) => {
      if (k === n && vendor.code === STATUS.unknownAction.code) return { ...issue, ...unknownActionTag(ctx.rules) }
      const bound = bounds[k]
      return bound ? { ...issue, message: bound.message ?? issue.message, ...bound.tag } : issue
    })
    const issues = tagged.map((issue, k) => nearActionName(issue, parsed.error.issues[k], body))
    return { ok: false, problem: { status: statusOf(vendor.code), ...vendor, issues } }
  }
  const data = parsed.data
  const errors: ValidationIssue[] = []
  const warnings: ValidationIssue[] = []
  // Counted on the body as sent: the schema check has dropped the unknown keys from `data`.
  for (const p of [...boundProblems(body, ctx.mode), ...ruleProblems(data, ctx)]) {
    const breach = ctx.rules.breach(p.rule)
    if (!breach) continue
    const issue: ValidationIssue = { path: p.path, message: said(p, breach.level), rule: p.rule, level: breach.level, evidence: breach.evidence, tag: breach.tag, source: breach.source }
    if (breach.level === 'warn') warnings.push(issue)
    else errors.push(Object.assign(issue, { code: p.code, vendorMessage: p.message }))
  }
  warnings.unshift(...unboundedKeys(parsed.warnings, [...errors, ...warnings]))
  if (errors.length === 0) return { ok: true, data, warnings }
  const first = errors[0] as ValidationIssue & { code: number; vendorMessage: string }
  return {
    ok: false,
    problem: {
      status: statusOf(first.code),
      code: first.code,
      message: first.vendorMessage,
      issues: errors.map(({ path, rule, level, evidence, tag, source, message }) => ({ path, message: message.replace(/^-\d+ /, ''), rule, level, evidence, tag, source })),
    },
  }
}

/**
 * An unknown action name a letter or two off a known one (`sayAndCaptur`, `sayandcapture`): zod's
 * list of names, and the one meant. Wording only: the issue keeps its path, rule and level.
 */
function nearActionName(issue: ValidationIssue, zodIssue: z.core.$ZodIssue | undefined, body: unknown): ValidationIssue {
  if (zodIssue?.code !== 'invalid_union' || zodIssue.path.at(-1) !== 'action') return issue
  const named = valueAt(body, zodIssue.path as (string | number)[])
  const near = typeof named === 'string' ? closestName(named, ACTION_NAMES) : undefined
  return near ? { ...issue, message: `${issue.message}; did you mean '${near}'?` } : issue
}

/**
 * What a broken rule says, built here for every rule of ruleProblems. A rule callspec inferred
 * leads with the inference (what is wrong, what 8x8 documents, what callspec does at warn), and
 * names after it the code callspec answers: a warning the code a strict run answers, a failure the
 * code it answers now. Opening with `-1009 Invalid call flow entry provided. …` read as 8x8's own
 * error (audit-94 F8 for warnings). A documented rule, failed or set to 'warn'
 * by the test (8x8's error, survived), opens with 8x8's code and message.
 */
function said(p: RuleProblem, level: 'warn' | 'error'): string {
  if (p.inference) return level === 'warn' ? `${p.inference} (a strict run answers ${p.code} ${p.message})` : `${p.inference} (at error, callspec answers ${p.code} ${p.message} instead)`
  return `${p.code} ${p.message}${p.hint ? `, ${p.hint}` : ''}`
}

/**
 * A schema bound whose code or evidence is not the schema rule's (-1009, documented):
 * - a sayAndCapture's maxDigits out of 1-25 with completeOnHash false is -1008: "false: entry ends
 *   when `maxDigits` reached → then `maxDigits` is mandatory and must be **>0 and <26** (`-1008`)";
 *   with completeOnHash true or left out it stays the schema's -1009. Only at 'error' (its
 *   default): a test that relaxes the rule still cannot run the capture, so the schema's -1009 says it;
 * - a say or playFile repetition out of 1-3: the limit is documented, its code presumed
 *   ("behaviour of `say` with `repetition` > 3 (presumably `-1009`)"), so the -1009 stays and
 *   the rule 8x8/repetition-range says the code is presumed.
 */
function boundRule(issue: z.core.$ZodIssue, body: unknown, rules: RuleBook): { status?: { code: number; message: string }; message?: string; tag: Partial<ValidationIssue> } | undefined {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return undefined
  const path = issue.path as (string | number)[]
  if (path.at(-2) !== 'params') return undefined
  const action = valueAt(body, path.slice(0, -2)) as { action?: unknown; params?: { completeOnHash?: unknown } } | undefined
  const key = path.at(-1)
  if (key === 'maxDigits' && action?.action === 'sayAndCapture' && action.params?.completeOnHash === false) {
    const breach = rules.breach('8x8/hash-off-needs-max')
    if (breach?.level !== 'error') return undefined
    const received = JSON.stringify(valueAt(body, path))
    return { status: STATUS.hashOffWithoutMax, message: `maxDigits must be more than 0 and less than 26 when completeOnHash is false (received ${received})`, tag: tagOf(breach) }
  }
  if (key === 'repetition' && (action?.action === 'say' || action?.action === 'playFile')) return { tag: tagOf(rules.breach('8x8/repetition-range')!) }
  return undefined
}

const tagOf = (breach: RuleBreach): Partial<ValidationIssue> => ({ rule: breach.rule, level: breach.level, evidence: breach.evidence, tag: breach.tag, source: breach.source })

function unknownActionTag(rules: RuleBook): Partial<ValidationIssue> {
  return tagOf(rules.breach('8x8/unknown-action')!)
}

/**
 * JSON and schema errors are 400, rule errors 422 (8x8's Send Callflow responses show -1007 on 400
 * and -1013 on 422).
 */
const statusOf = (code: number): 400 | 422 =>
  code === STATUS.invalidJson.code || code === STATUS.unknownAction.code || code === STATUS.invalidEntry.code ? 400 : 422

interface RuleProblem {
  code: number
  message: string
  path: string
  rule: EightRuleId
  /** Said after the vendor's message, never in its answer: what callspec could not tell. */
  hint?: string
  /**
   * An inferred rule's warning, said before the code (see said()): what is wrong, what 8x8
   * documents and what callspec does at 'warn'.
   */
  inference?: string
}

/** Reports a broken rule: the vendor's status, where, the rule, and what callspec says of it. */
type AddProblem = (status: { code: number; message: string }, path: string, rule: EightRuleId, words?: { hint?: string; inference?: string }) => void

function ruleProblems(data: SendCallflowRequest | VcaResponse, ctx: CallflowContext): RuleProblem[] {
  const out: RuleProblem[] = []
  const flow = data.callflow
  const add: AddProblem = (status, path, rule, words) => out.push({ ...status, path, rule, ...words })
  if (ctx.mode === 'rest') {
    const validUntil = (data as SendCallflowRequest).validUntil
    if (validUntil !== undefined && Date.parse(validUntil) < ctx.now) add(STATUS.expired, 'validUntil', '8x8/valid-until')
    if (flow[0]?.action !== 'makeCall') add(STATUS.firstNotMakeCall, 'callflow[0].action', '8x8/first-action-make-call')
  }
  makeCallCount(flow, ctx.legs, add)
  flow.forEach((action, i) => {
    if (action.action !== 'hangup') return
    // Right after sayAndCapture the digits would be lost (documented, but not a rejection); before other actions, they would never run. Both -1012 triggers are inferred.
    if (flow[i - 1]?.action === 'sayAndCapture') {
      const hint = 'the docs say the digits would be ignored, not that 8x8 refuses the callflow; callspec runs it, and the digits are lost'
      add(STATUS.misplacedHangup, `callflow[${i}]`, '8x8/hangup-after-capture', { hint, inference: `hangup right after sayAndCapture: ${hint}` })
    }
    else if (i < flow.length - 1) {
      const inference = `hangup before other actions: 8x8 documents -1012 (Incorrect use of action Hangup) but not this trigger; callspec runs the callflow, and nothing after the hangup runs`
      add(STATUS.misplacedHangup, `callflow[${i}]`, '8x8/hangup-not-last', { inference })
    }
  })
  flow.forEach((action, i) => actionProblems(action, `callflow[${i}]`, ctx, add))
  return out
}

/**
 * -1010. The documented count is per callflow: "at most 2 `makeCall` per callflow", "Max 2
 * `makeCall`" (8x8/make-call-count). That the legs a session already has count too (an inbound
 * call's leg and two makeCall: 3 legs, with no conferencing) is callspec's reading, its own rule
 * 8x8/session-legs: at warn the callflow runs and a makeCall that would add a third leg is skipped
 * (call.ts).
 */
function makeCallCount(flow: readonly Action[], legs: number, add: AddProblem): void {
  const calls = flow.filter((a) => a.action === 'makeCall').length
  if (calls > 2) return add(STATUS.tooMany, 'callflow', '8x8/make-call-count')
  if (legs + calls <= 2) return
  const counted = legs === 1 ? "the received call's" : `the session's ${legs}`
  const inference =
    `${calls} makeCall would give the session ${legs + calls} legs, counting ${counted}: 8x8 documents at most 2 makeCall per callflow (no conferencing), not a limit on a session's legs, ` +
    'so callspec runs the callflow: the first makeCall is bridged, and one that would add a third leg is skipped'
  add(STATUS.tooMany, 'callflow', '8x8/session-legs', { inference })
}

/**
 * 8x8's OpenAPI bounds how many keys some callflow objects hold (maxProperties): Send Callflow's
 * makeCall params 2 ("only source/destination"; a VCA answer's makeCall may add callRecording), a
 * say action 3 and its params 5. Beyond a bound the callflow is the documented -1009, worded as
 * the vendor's JSON-schema validator words maxProperties; an unknown key within one is only the
 * inferred 8x8/unknown-keys. `callRecording` in Send Callflow is not counted: it has its own issue.
 */
function boundProblems(body: unknown, mode: CallflowContext['mode']): RuleProblem[] {
  const flow = (body as { callflow?: unknown } | null)?.callflow
  if (!Array.isArray(flow)) return []
  const out: RuleProblem[] = []
  flow.forEach((item: unknown, i) => {
    const action = item as { action?: unknown; params?: unknown }
    const at = `callflow[${i}]`
    if (action.action === 'say') {
      out.push(...overBound(action, at, 3, 'a say action', 'this one has', '8x8/max-properties'))
      out.push(...overBound(action.params, `${at}.params`, 5, "a say's params", 'these have', '8x8/max-properties'))
    }
    if (action.action === 'makeCall' && mode === 'rest') {
      out.push(...overBound(action.params, `${at}.params`, 2, "Send Callflow's makeCall params", 'these have', '8x8/make-call-params', ['callRecording']))
    }
    if (action.action === 'hangup' && action.params === null) out.push(nullHangupParams(`${at}.params`))
  })
  return out
}

/**
 * A hangup with `params: null` (what a serialiser writes for no params). 8x8 documents no params
 * for hangup at all, so what it does with any is not documented: callspec takes `params: {}`
 * (what JSON builders that always write params send), and reads null the same way, as no params,
 * under 8x8/null-params (inferred). It failed the call as the documented schema's -1009 (h198);
 * strict answers that -1009, said as callspec's. It warned under 8x8/unknown-keys, so a test that
 * turned unknown keys off silenced it too (helper-205): its own rule, each set on its own.
 */
function nullHangupParams(path: string): RuleProblem {
  const inference = 'hangup sends params: null: 8x8 documents no params for hangup, so callspec reads it as none, as it does params: {}'
  return { ...schemaStatus(path, 'null found, object expected'), path, rule: '8x8/null-params', inference }
}

/** The -1009 for an object with more than `max` keys (`uncounted` keys aside), naming the bound and the keys. */
function overBound(value: unknown, path: string, max: number, what: string, has: string, rule: EightRuleId, uncounted: readonly string[] = []): RuleProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  const keys = Object.keys(value)
  if (keys.filter((k) => !uncounted.includes(k)).length <= max) return []
  const hint = `8x8's OpenAPI allows ${what} at most ${max} keys (maxProperties ${max}), and ${has} ${keys.length}: ${keys.join(', ')}`
  return [{ ...schemaStatus(path, `may only have a maximum of ${max} properties`), path, rule, hint }]
}

/** The unknown-key warnings of objects not reported over their bound: the bound's issue already names their keys. */
function unboundedKeys(keyWarnings: readonly ValidationIssue[], reported: readonly ValidationIssue[]): ValidationIssue[] {
  const over = new Set(reported.filter((i) => i.rule === '8x8/max-properties' || i.rule === '8x8/make-call-params').map((i) => i.path))
  return keyWarnings.filter((w) => !over.has(w.path))
}

/** One action's rules; also what `validate('8x8', 'action', …)` reports. */
export function actionProblems(
  action: Action,
  at: string,
  ctx: Pick<CallflowContext, 'mode' | 'options'>,
  add: AddProblem,
): void {
  const profile = (voiceProfile: string, path: string) => {
    // The subaccount's own list, when the test gives it, is what 8x8 checks (documented). Without
    // it, callspec knows only the profiles 8x8's pages happen to show: not the vendor's full list.
    const declared = ctx.options.voiceProfiles
    if (declared) return void (declared.includes(voiceProfile) || add(STATUS.voiceProfile, path, '8x8/voice-profile'))
    if (!BEHAVIOUR.voiceProfiles.includes(voiceProfile)) {
      const name = JSON.stringify(voiceProfile)
      add(STATUS.voiceProfile, path, '8x8/voice-profile-listed', {
        hint: `if the subaccount lacks ${name}: 8x8's pages do not name it, so callspec cannot tell (set vendor.voiceProfiles to the subaccount's profiles)`,
        inference: `voiceProfile ${name} is not one 8x8's pages name, so callspec cannot tell whether the subaccount has it, and speaks with it; set vendor.voiceProfiles to the subaccount's profiles to check it as 8x8 does`,
      })
    }
  }
  // No minimum length is documented (8x8's say reference): strict gives what a JSON-schema
  // validator's minLength would.
  const empty = (text: string | null | undefined, path: string) => {
    if (text !== '') return
    const field = path.slice(path.lastIndexOf('.') + 1)
    add(schemaStatus(path, 'must be at least 1 characters long'), path, '8x8/empty-text', {
      hint: '8x8 documents no minimum length; callspec plays nothing for it',
      inference: `${field} is empty: 8x8 documents no minimum length, so callspec plays nothing for it`,
    })
  }
  // 8x8 states "max 3000 chars" for promptMessage and say's text, not for successMessage or
  // failureMessage: the limit there is callspec's inference (audit F9: it failed the call as the
  // documented schema's -1009). Strict gives the -1009 the documented limit gives.
  const tooLong = (text: string | null | undefined, path: string) => {
    if (typeof text !== 'string' || text.length <= MAX_TTS_CHARS) return
    const field = path.slice(path.lastIndexOf('.') + 1)
    add(schemaStatus(path, `may only be ${MAX_TTS_CHARS} characters long`), path, '8x8/message-length', {
      hint: `8x8 states the ${MAX_TTS_CHARS}-character maximum for promptMessage and say's text, not for ${field}; callspec plays it whole`,
      inference: `${field} is ${text.length} characters long: 8x8 states a ${MAX_TTS_CHARS}-character maximum for promptMessage and say's text, not for ${field}, so callspec plays it whole`,
    })
  }
  switch (action.action) {
    case 'makeCall': {
      const { source, destination, callRecording } = action.params
      if (ctx.mode === 'rest' && callRecording !== undefined) {
        add(schemaStatus(`${at}.params.callRecording`, 'is not defined in the schema and the schema does not allow additional properties'), `${at}.params.callRecording`, '8x8/make-call-params')
      }
      if (!MSISDN.test(destination)) add(STATUS.badDestination, `${at}.params.destination`, '8x8/destination-msisdn')
      const allowed = ctx.options.allowedSources
      if (!MSISDN.test(source) || (allowed && !allowed.map(toE164).includes(toE164(source)))) add(STATUS.sourceNotAllowed, `${at}.params.source`, '8x8/source-allowed')
      return
    }
    case 'say':
      profile(action.params.voiceProfile, `${at}.params.voiceProfile`)
      empty(action.params.text, `${at}.params.text`)
      return
    case 'sayAndCapture': {
      const p = action.params
      profile(p.voiceProfile, `${at}.params.voiceProfile`)
      empty(p.promptMessage, `${at}.params.promptMessage`)
      empty(p.successMessage, `${at}.params.successMessage`)
      empty(p.failureMessage, `${at}.params.failureMessage`)
      tooLong(p.successMessage, `${at}.params.successMessage`)
      tooLong(p.failureMessage, `${at}.params.failureMessage`)
      // Only in the samples (an integer): say's documented range, as the JSON-schema validator
      // would word it (8x8's sayAndCapture reference). Its type is the samples' too, so a value
      // that is no integer (1.5, "2") is this inferred rule, not the documented schema's -1009.
      const r = p.repetition
      if (r !== undefined && !Number.isInteger(r)) {
        const found = typeof r === 'number' ? 'number' : r === null ? 'null' : Array.isArray(r) ? 'array' : typeof r
        add(schemaStatus(`${at}.params.repetition`, `${found} found, integer expected`), `${at}.params.repetition`, '8x8/capture-repetition', {
          hint: "sayAndCapture's repetition is only in 8x8's samples, as an integer; callspec plays the prompt once",
          inference: `sayAndCapture's repetition ${JSON.stringify(r)} is not an integer: 8x8 shows it in its samples (as one), not its schema; callspec plays the prompt once`,
        })
      } else if (typeof r === 'number' && (r < 1 || r > 3)) {
        const bound = r < 1 ? 'must have a minimum value of 1' : 'must have a maximum value of 3'
        add(schemaStatus(`${at}.params.repetition`, bound), `${at}.params.repetition`, '8x8/capture-repetition', {
          hint: "sayAndCapture's repetition is only in 8x8's samples; callspec plays the prompt as often as asked, at least once",
          inference: `sayAndCapture's repetition ${r} is outside say's documented 1-3: 8x8 shows it in its samples, not its schema; callspec plays the prompt as often as asked, at least once`,
        })
      }
      // Documented: "If provided, maxDigits is mandatory" (-1003, "Valid maxDigits required when minDigits provided").
      if (p.minDigits !== undefined && p.maxDigits === undefined) add(STATUS.minDigitsWithoutMax, `${at}.params.maxDigits`, '8x8/min-digits-needs-max')
      // Inferred: that a maxDigits below minDigits is not "valid" (the same -1003) is callspec's reading. At warn the
      // capture takes maxDigits digits as enough (media/capture.ts): no entry could meet both.
      else if (p.minDigits !== undefined && p.maxDigits !== undefined && p.maxDigits < p.minDigits) {
        const hint =
          `maxDigits ${p.maxDigits} is below minDigits ${p.minDigits}: 8x8 documents -1003 for a minDigits without maxDigits, and refusing a smaller maxDigits is callspec's reading; ` +
          `callspec takes ${p.maxDigits} digits as enough`
        add(STATUS.minDigitsWithoutMax, `${at}.params.maxDigits`, '8x8/max-digits-below-min', { hint, inference: hint })
      }
      if (p.completeOnHash === false && p.maxDigits === undefined) add(STATUS.hashOffWithoutMax, `${at}.params.maxDigits`, '8x8/hash-off-needs-max')
      if (p.digitTimeout !== undefined && p.overallTimeout === undefined) add(STATUS.digitTimeoutWithoutOverall, `${at}.params.overallTimeout`, '8x8/digit-timeout-needs-overall')
      // The docs' own sample uses equal timeouts (10000/10000), so only a smaller one is refused
      // (8x8's sayAndCapture reference).
      if (p.digitTimeout !== undefined && p.overallTimeout !== undefined && p.overallTimeout < p.digitTimeout) add(STATUS.overallNotGreater, `${at}.params.overallTimeout`, '8x8/overall-not-less-than-digit')
      if (ctx.mode === 'rest' && ctx.options.vcaPath === null) add(STATUS.noVcaWebhook, at, '8x8/dtmf-needs-vca')
      return
    }
    case 'playFile':
    case 'hangup':
      return
  }
}

/** The documented maximum of a TTS text (say's text, sayAndCapture's promptMessage). */
const MAX_TTS_CHARS = 3000

/** The -1009 status for a path and a JSON-schema-validator style description. */
const schemaStatus = (path: string, what: string) => ({ code: STATUS.invalidEntry.code, message: `${STATUS.invalidEntry.message} ${vendorPath(path)}: ${what}` })

/** `callflow[0].params.text` → `$.callflow[0].params.text`. */
export const vendorPath = (path: string) => (path === '' ? '$' : `$.${path}`)

/** Maps zod's first issue to the vendor's answer: -1007 for an unknown action name, else -1009 with the path. */
function vendorSchemaError(issue: z.core.$ZodIssue, body: unknown): { code: number; message: string } {
  const segments = issue.path as (string | number)[]
  const value = valueAt(body, segments)
  const path = dotPath(segments)
  if (issue.code === 'invalid_union' && segments.at(-1) === 'action' && value !== undefined) {
    return { code: STATUS.unknownAction.code, message: `${vendorPath(path)} should be one of: ${ACTION_NAMES.join(',')}` }
  }
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!
    return schemaStatus(dotPath([...segments, key]), 'is not defined in the schema and the schema does not allow additional properties')
  }
  return schemaStatus(path, describeIssue(issue, value))
}

/** Issue texts in the style of the vendor's JSON-schema validator (`is missing but it is required`). */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined) return 'is missing but it is required'
  switch (issue.code) {
    case 'invalid_type':
      return `${typeName(value)} found, ${issue.expected === 'int' ? 'integer' : issue.expected} expected`
    case 'too_big':
      if (issue.origin === 'string') return `may only be ${issue.maximum} characters long`
      if (issue.origin === 'array') return `there must be a maximum of ${issue.maximum} items in the array`
      return `must have a maximum value of ${issue.maximum}`
    case 'too_small':
      if (issue.origin === 'string') return `must be at least ${issue.minimum} characters long`
      if (issue.origin === 'array') return `there must be a minimum of ${issue.minimum} items in the array`
      return `must have a minimum value of ${issue.minimum}`
    case 'invalid_format':
      return `does not match the ${issue.format === 'url' ? 'uri' : issue.format} pattern`
    case 'invalid_union':
      return 'action is missing but it is required'
    default:
      return issue.message
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function valueAt(body: unknown, path: readonly (string | number)[]): unknown {
  let at: unknown = body
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<string | number, unknown>)[key]
  }
  return at
}

function dotPath(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}

/**
 * Where a rejected VCA answer sends the session: TTS and whitelist problems have their own codes
 * (8x8's session error codes).
 */
export function sessionErrorFor(code: number): SessionError {
  if (code === STATUS.voiceProfile.code) return SESSION_ERROR.tts
  if (code === STATUS.sourceNotAllowed.code) return SESSION_ERROR.notWhitelisted
  return SESSION_ERROR.invalidCallflow
}
