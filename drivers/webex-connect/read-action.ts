import { VendorPayloadError, formatIssues, describeExchange, gradedCheck, markOwnShape } from '../../src/driver/index.js'
import type { CallContext, SchemaRules, ValidationIssue, WireRequest, WireResponse } from '../../src/driver/index.js'
import { closestName } from '../../src/validation/did-you-mean.js'
import { byInferredRule, inferredOnly } from '../../src/validation/inferred-lead.js'
import { ActionSchema, type Action } from './schemas.js'
import { recaseAction } from './action-case.js'
import { nullCollectInput } from './null-collect-input.js'
import { sdkConstraintRule } from './sdk-constraints.js'
import { gradeSoft, softProblems } from './soft-checks.js'

/** Hints for keys the strict schema rejects, where the cause is a known vendor quirk. */
const HINTS: Record<string, string> = {
  maxDigits: 'maxDigits at the top of PLAY is the 2021 SDK shape; the current API nests it in collectInput (or set vendor.legacyPlayInput).',
  digitTimeout: 'digitTimeout belongs in collectInput (or set vendor.legacyPlayInput for the 2021 SDK shape).',
  singleUtterance: 'the wire name is singleUtterence (sic).',
  maxSilence: 'the wire name is maxsilence, all lower case.',
  // Other platforms' names for a recording's length (Twilio's and Plivo's maxLength); audit h193: a
  // RECORD with maxDuration: 60 was warned of an unknown key with no word of the one meant.
  maxDuration: "a RECORD's length limit is timeoutSeconds (integer seconds).",
  maxLength: "a RECORD's length limit is timeoutSeconds (integer seconds).",
}

/** The schema's issues cite action-schema (the docs), but those of a constraint only the SDKs state (sdk-constraints.ts). */
export const SCHEMA_RULES: SchemaRules = { schema: 'webex-connect/action-schema', unknownKeys: 'webex-connect/unknown-keys', nullOptional: 'webex-connect/null-optional', ruleOf: sdkConstraintRule }

const LEGACY_KEYS = ['maxDigits', 'digitTimeout', 'terminationDigit'] as const

/** The 2021 SDKs put DTMF collection at the top of PLAY; move it where the current API has it. */
export function liftLegacyPlayInput(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || (raw as { action?: unknown }).action !== 'PLAY') return raw
  const play = { ...(raw as Record<string, unknown>) }
  const collect: Record<string, unknown> = { ...(play.collectInput as object | undefined) }
  let moved = false
  for (const key of LEGACY_KEYS) {
    if (key in play) {
      collect[key] = play[key]
      delete play[key]
      moved = true
    }
  }
  return moved ? { ...play, collectInput: collect } : raw
}

/**
 * A 2021-SDK PLAY whose input keys are all null (`maxDigits: null`, as a serialiser writes an unset
 * field) and that has no collectInput: those keys read as absent (rule webex-connect/null-optional)
 * leave no input to collect, so the PLAY collects nothing. Lifted, they made an empty collectInput,
 * and the PLAY collected digits with the defaults (h196: COLLECTED_DIGITS "" after 5 s, not PLAYED).
 */
function onlyNullLegacyInput(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || 'collectInput' in raw) return false
  const keys = LEGACY_KEYS.filter((key) => key in raw)
  return keys.length > 0 && keys.every((key) => (raw as Record<string, unknown>)[key] === null)
}

const withoutCollect = (action: Action): Action => {
  const { collectInput: _, ...rest } = action as Action & { collectInput?: unknown }
  return rest as Action
}

const ACTION_NAMES = ['ANSWER', 'PLAY', 'PATCH', 'RECORD', 'HANGUP', 'REJECT'] as const
/** Keys other platforms name their actions with (Voxology `type`, Plivo/Twilio-style `name`, Vonage-style `verb`). */
const NAME_KEYS = ['type', 'name', 'verb'] as const

const actionNamed = (value: unknown) => {
  const upper = typeof value === 'string' ? value.toUpperCase() : undefined
  return (ACTION_NAMES as readonly string[]).includes(upper ?? '') ? upper : undefined
}

/** What is wrong with the `action` key, said plainly; undefined when zod's own wording says it (an unknown name, far from any). */
function actionKeyMessage(raw: Record<string, unknown>, zodMessage: string): string | undefined {
  if (!Object.hasOwn(raw, 'action')) {
    const known = `one of ${ACTION_NAMES.join(', ')}`
    const key = misnamedActionKey(raw)
    if (!key) return `the \`action\` key is missing: an action names itself in \`action\` (${known})`
    const name = actionNamed(raw[key])!
    const cased = raw[key] === name ? '' : ' (actions are UPPERCASE)'
    return `the \`action\` key is missing: the key is \`action\`, not \`${key}\`${cased}: did you mean {"action": "${name}"}?`
  }
  // A known name in another case never gets here: it is read in UPPERCASE first (action-case.ts).
  // A near miss (ANSWR, HANG_UP): zod's list of names, and the one meant.
  const near = typeof raw.action === 'string' ? closestName(raw.action, ACTION_NAMES) : undefined
  return near ? `${zodMessage}; did you mean '${near}'?` : undefined
}

/**
 * The key an answer with no `action` names a Webex Connect action under: another platform's key
 * for it (`{"type": "ANSWER"}`), or `action` misspelt (`actoin`: newcomer audit-119).
 */
function misnamedActionKey(raw: Record<string, unknown>): string | undefined {
  if (Object.hasOwn(raw, 'action')) return undefined
  return NAME_KEYS.find((k) => actionNamed(raw[k])) ?? Object.keys(raw).find((k) => closestName(k, ['action']) === 'action' && actionNamed(raw[k]))
}

/**
 * zod's "Invalid discriminator value" at `action` says what went wrong instead: no `action` key at
 * all (`{"type": "ANSWER"}`, the Voxology shape); a misspelt name
 * (`ANSWR`) keeps zod's list and adds the name it comes closest to. Wording only:
 * the issue keeps its path, rule and level. `zodIssues` are the check's, one for each issue.
 */
export function explainActionKey(issues: ValidationIssue[], zodIssues: readonly { code: string; path: readonly PropertyKey[] }[], raw: unknown): ValidationIssue[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return issues
  return issues.map((issue, n) => {
    const z = zodIssues[n]
    if (z?.code !== 'invalid_union' || z.path.length !== 1 || z.path[0] !== 'action') return issue
    const message = actionKeyMessage(raw as Record<string, unknown>, issue.message)
    return message ? { ...issue, message } : issue
  })
}

/** The hints for the unknown keys an issue names (not for names inside the value it quotes). */
function hintsFor(issues: readonly { message: string }[]): string[] {
  return issues.flatMap((issue) => {
    const named = /^Unrecognized keys?: ((?:"[^"]+"(?:, )?)+)/.exec(issue.message)?.[1] ?? ''
    const keys = named.match(/"([^"]+)"/g)?.map((k) => k.slice(1, -1)) ?? []
    return keys.flatMap((k) => (Object.hasOwn(HINTS, k) ? [`hint: ${HINTS[k]}`] : []))
  })
}

/** Validates one action from a webhook answer; a failure lists every issue with its path and the body received. */
export function readAction(
  ctx: CallContext,
  raw: unknown,
  event: string,
  exchange: { request: WireRequest; response: WireResponse },
  legacy: boolean,
): Action {
  // A known action in another case ("answer") is read in UPPERCASE; its issue is graded with the rest (rule webex-connect/action-case, inferred).
  const cased = recaseAction(raw, ctx.rules)
  const result = gradedCheck(ActionSchema, legacy ? liftLegacyPlayInput(cased.raw) : cased.raw, ctx.rules, SCHEMA_RULES)
  const context = `the app's answer to ${event}`
  if (result.ok) {
    const action = legacy && onlyNullLegacyInput(raw) ? withoutCollect(result.data as Action) : (result.data as Action)
    const soft = [...cased.issues, ...gradeSoft(softProblems(action), ctx.rules)]
    if (soft.some((i) => i.level === 'error')) {
      // Every soft check is a rule callspec inferred: the failure says so first.
      const failing = inferredOnly(soft)
      const head = failing ? `callspec failed ${context} ${byInferredRule('Webex Connect', ctx.rules, failing)}` : `${context} breaks a rule callspec inferred`
      throw new VendorPayloadError(`${head}:\n${formatIssues(soft)}\n${describeExchange(exchange.request, exchange.response)}`, soft)
    }
    // An ignored key the vendor would drop silently still deserves its hint (a 2021 SDK PLAY collects nothing).
    ctx.warnIssues(nullCollectInput(result.warnings, raw).map((w) => ({ ...w, message: [w.message, ...hintsFor([w])].join('; ') })), context)
    ctx.warnIssues(soft, context)
    return action
  }
  const issues = [...cased.issues, ...nullCollectInput(explainActionKey(result.issues, result.error.issues, raw), raw)]
  const hints = hintsFor(issues).map((h) => `  ${h}`)
  // Failed only by rules callspec inferred (a key the docs do not name, under strict): said first, never as the vendor's verdict.
  const inferred = inferredOnly(issues)
  const head = inferred ? `callspec failed ${context} ${byInferredRule('Webex Connect', ctx.rules, inferred)}` : `${context} is not a valid Webex Connect action`
  const error = new VendorPayloadError(`${head}:\n${formatIssues(issues)}${hints.length ? `\n${hints.join('\n')}` : ''}\n${describeExchange(exchange.request, exchange.response)}`, issues)
  // A Webex Connect action under a misnamed key (`{"type": "ANSWER"}`): the issue names the key
  // meant, and no other platform's apps answer so; "is `platform` right?" above it sent the
  // reader away from the fix (newcomer audit N7).
  const misnamed = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && misnamedActionKey(raw as Record<string, unknown>) !== undefined
  throw misnamed ? markOwnShape(error) : error
}
