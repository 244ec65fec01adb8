/**
 * The checks on one action that rest on callspec's reading, not on Voxology's docs: the docs
 * show a shape but not what the platform does outside it. Each breaks an inferred rule
 * (rules.ts), so by default it warns and the simulation goes on as behaviour.md says; `strict`
 * makes it fail. Shape checks the docs do back are in the zod schemas (schemas.ts).
 */
import { quoteValue } from '../../src/driver/index.js'
import { timesPlayed } from './audio.js'
import { BEHAVIOUR } from './behaviour.js'
import type { RuleIssue } from './rules.js'
import type { Action, CollectAction, ConferenceAction, DialAction, PlayAction, RedirectAction, SayAction } from './schemas.js'

const E164 = /^\+[1-9]\d{6,14}$/

/** Every inferred rule one action breaks, with the path of the value at fault. */
export function actionIssues(action: Action, path: string): RuleIssue[] {
  switch (action.type) {
    case 'SAY':
      return sayIssues(action, path)
    case 'PLAY':
      return playIssues(action, path)
    case 'COLLECT':
      return [
        ...collectIssues(action, path),
        ...(action.actions ?? []).flatMap((prompt, i) => (prompt.type === 'SAY' ? sayIssues(prompt, `${path}.actions[${i}]`) : playIssues(prompt, `${path}.actions[${i}]`))),
      ]
    case 'DIAL':
      return dialIssues(action, path)
    case 'CONFERENCE':
      return conferenceIssues(action, path)
    case 'LABEL':
      return emptyName('LABEL name', action.name, `${path}.name`)
    case 'GOTO':
      return emptyName('GOTO label', action.params.label, `${path}.params.label`)
    case 'REDIRECT':
      return redirectMethodIssues(action, path)
    default:
      return []
  }
}

/**
 * Rule voxology/redirect-method-case, inferred: the samples send "POST", and no page says whether
 * the platform takes the method in another case. HTTP methods are case-sensitive (RFC 9110), yet
 * most HTTP clients upper-case the name they are given, so "post" is sent as POST (redirectMethod).
 * Rule voxology/redirect-method, inferred: the samples send POST alone and no page lists the
 * methods a REDIRECT takes or refuses one, so another than POST or GET ("PUT") is sent as POST,
 * every sample's method.
 */
function redirectMethodIssues(action: RedirectAction, path: string): RuleIssue[] {
  const { method } = action.params
  if (method === undefined) return []
  if (!CALLBACK_METHODS.includes(method.toUpperCase())) {
    return [
      {
        path: `${path}.params.method`,
        message: `REDIRECT method ${quoteValue(method)} is neither POST nor GET: the samples send "POST", the docs configure callbacks as POST or GET, and what Voxology does with another method is callspec's inference`,
        atWarn: "; callspec sends the callback as POST (every sample's method)",
        received: quoteValue(method),
        rule: 'voxology/redirect-method',
      },
    ]
  }
  if (method === method.toUpperCase()) return []
  return [
    {
      path: `${path}.params.method`,
      message: `REDIRECT method ${quoteValue(method)} is not upper case: the samples send "POST", and whether Voxology takes another case is callspec's inference`,
      atWarn: `; callspec sends the callback as ${redirectMethod(method)}`,
      received: quoteValue(method),
      rule: 'voxology/redirect-method-case',
    },
  ]
}

/** The methods a callback is sent with (the docs' call flow configuration): a REDIRECT's other than these is rule voxology/redirect-method's. */
const CALLBACK_METHODS: readonly string[] = ['POST', 'GET']

/** The method a REDIRECT's next callback is sent with: its own, upper-cased, when it is POST or GET; else POST, as in every sample. */
export function redirectMethod(method: string | undefined): 'POST' | 'GET' {
  const upper = method?.toUpperCase()
  return upper !== undefined && CALLBACK_METHODS.includes(upper) ? (upper as 'POST' | 'GET') : BEHAVIOUR.redirectMethod
}

function sayIssues(action: SayAction, path: string): RuleIssue[] {
  const { text, loop } = action.params
  const issues: RuleIssue[] = []
  if (text.trim() === '') {
    issues.push({ path: `${path}.params.text`, message: `SAY text is empty (received ${quoteValue(text)}): the caller hears nothing and the script goes on`, rule: 'voxology/say-text' })
  }
  // Rule voxology/action-bounds, inferred: the docs' "integer ≥1" (examples use 1) is no published
  // limit. Speaking once is the mildest reading of 0 (the default); the platform may as well
  // reject it, or, as "loop 0" means in other TwiML-like APIs, repeat without end.
  if (loop !== undefined && loop < 1) {
    issues.push({
      path: `${path}.params.loop`,
      message: `SAY loop ${loop} is under 1: the docs show loop as an integer of at least 1 (examples use 1) and do not say what ${loop} does`,
      atWarn: ', so callspec speaks the text once, as with no loop',
      hint: 'write loop: 1 or more, or leave it out',
      received: String(loop),
      rule: 'voxology/action-bounds',
    })
  }
  return issues
}

/** An absolute http(s) URL, as every sample's PLAY url is. */
const isAbsoluteUrl = (url: string) => /^https?:\/\/[^\s/]+/i.test(url) && URL.canParse(url)

/**
 * Rule voxology/play-url, inferred: the samples' PLAY urls are absolute (S3), and the docs say
 * nothing of relative ones. callspec fetches no audio, so it plays the url as written.
 */
function playIssues(action: PlayAction, path: string): RuleIssue[] {
  return [...playUrlIssues(action, path), ...playLoopIssues(action, path)]
}

/**
 * Rule voxology/play-loop, inferred: loop is documented (an integer ≥1) for SAY only; PLAY's is not
 * evidenced, so its schema takes any value. A PLAY loop under 1, or not an integer (1.5, "2", true,
 * null), plays the file once (audio.ts timesPlayed), as with no loop: the mildest reading, where
 * the platform may equally play it once or reject it.
 */
function playLoopIssues(action: PlayAction, path: string): RuleIssue[] {
  const { loop } = action.params
  if (loop === undefined || timesPlayed(loop) === loop) return []
  const integer = typeof loop === 'number' && Number.isSafeInteger(loop)
  const message = integer
    ? `PLAY loop ${loop} is under 1: Voxology documents loop (at least 1) for SAY only`
    : `PLAY loop ${quoteValue(loop)} is not an integer: Voxology documents loop (an integer, at least 1) for SAY only`
  return [{ path: `${path}.params.loop`, message, atWarn: ', so callspec plays the file once, as with no loop', received: quoteValue(loop), rule: 'voxology/play-loop' }]
}

/**
 * Rule voxology/conference-name, inferred: the docs require params.name, a string, and set no
 * minimum length. An empty name is joined as written, like any other (a conference is found by
 * its name), so the caller waits there as in any conference.
 */
function conferenceIssues(action: ConferenceAction, path: string): RuleIssue[] {
  const { name } = action.params
  if (name.trim() !== '') return []
  return [
    {
      path: `${path}.params.name`,
      message: `CONFERENCE name is empty (received ${quoteValue(name)}): the docs set no minimum length`,
      atWarn: ', so callspec joins the caller to the conference of that name, as written',
      received: quoteValue(name),
      rule: 'voxology/conference-name',
    },
  ]
}

function playUrlIssues(action: PlayAction, path: string): RuleIssue[] {
  const { url } = action.params
  if (isAbsoluteUrl(url)) return []
  return [
    {
      path: `${path}.params.url`,
      message: `PLAY url ${quoteValue(url)} is not an absolute http(s) URL: Voxology's docs and tutorials show only absolute URLs, so the real platform may not fetch it`,
      atWarn: `; callspec plays it as written (${BEHAVIOUR.defaultAudioMs / 1000} s, or vendor.audioDurationsMs)`,
      hint: 'write an absolute URL',
      received: quoteValue(url),
      rule: 'voxology/play-url',
    },
  ]
}

function collectIssues(action: CollectAction, path: string): RuleIssue[] {
  const issues: RuleIssue[] = []
  const { timeout, finish_on_key: key, num_digits: digits } = action.params ?? {}
  // Rule voxology/action-bounds, inferred: Voxology publishes no numeric limits. num_digits 0 most
  // plausibly means no fixed length (as other IVR APIs write maxDigits 0 beside a # terminator), so
  // the COLLECT ends on its finish_on_key or its timeout, as with no num_digits.
  if (digits !== undefined && digits < 1) {
    issues.push({
      path: `${path}.params.num_digits`,
      message: `COLLECT num_digits ${digits} is under 1: the docs show num_digits as an integer of at least 1 and do not say what ${digits} does`,
      atWarn: `, so callspec sets no digit limit, as with no num_digits: ${key !== undefined ? 'its finish_on_key or ' : ''}its timeout ends the COLLECT`,
      hint: 'write the most digits to collect, or leave num_digits out',
      received: String(digits),
      rule: 'voxology/action-bounds',
    })
  }
  if (timeout !== undefined && timeout < BEHAVIOUR.minCollectTimeoutMs) {
    issues.push({
      path: `${path}.params.timeout`,
      message: `COLLECT timeout ${timeout} looks like seconds: the unit is milliseconds (the docs use 3000 and 5000)`,
      atWarn: `, so callspec waits ${Math.max(timeout, 0)} ms for a key, as written`,
      rule: 'voxology/collect-timeout',
    })
  }
  if (key !== undefined && !isDocumentedKey(key)) {
    const meant = BEHAVIOUR.finishKeyWords[key]
    const does = meant
      ? `callspec takes it as ${meant}, by analogy with "pound"`
      : `callspec knows no key by that name, so no key ends this COLLECT (num_digits or the timeout does) and # is collected as a digit; for the # key write "pound"`
    issues.push({
      path: `${path}.params.finish_on_key`,
      message: `finish_on_key ${quoteValue(key)} is not a value Voxology documents (its docs show "pound", a third-party sample "#")`,
      atWarn: `: ${does}`,
      rule: 'voxology/finish-on-key',
    })
  }
  return issues
}

/** `pound` (the docs) or one key, as the third-party `#` is written. */
export const isDocumentedKey = (key: string) => key === 'pound' || /^[0-9*#]$/.test(key)

function dialIssues(action: DialAction, path: string): RuleIssue[] {
  const no = action.params?.no
  if (typeof no !== 'string' || no === '') {
    const received = no === undefined ? '' : ` (received ${quoteValue(no)})`
    return [{ path: `${path}.params.no`, message: `DIAL has no number to call in params.no${received}`, atWarn: ': callspec does not simulate it, and the script goes on', rule: 'voxology/dial-params' }]
  }
  const issues: RuleIssue[] = []
  if (!E164.test(no)) {
    issues.push({ path: `${path}.params.no`, message: `DIAL params.no ${quoteValue(no)} is not an E.164 number such as +14155550100 (the make-call body needs one)`, atWarn: ': callspec dials it as written', rule: 'voxology/dial-params' })
  }
  const timeout = action.params?.timeout
  if (timeout !== undefined && !(Number.isInteger(timeout) && (timeout as number) >= 1)) {
    issues.push({
      path: `${path}.params.timeout`,
      message: `DIAL params.timeout ${quoteValue(timeout)} is not a whole number of seconds`,
      atWarn: `: callspec rings for ${BEHAVIOUR.ringTimeoutS} s`,
      rule: 'voxology/dial-params',
    })
  }
  return issues
}

/**
 * Rule voxology/goto-targets, inferred: a LABEL name and a GOTO label are strings with no minimum
 * length documented. An empty one is matched as written, like any other (a GOTO "" goes to a
 * LABEL ""): labels are looked up by their name as it is.
 */
function emptyName(what: 'LABEL name' | 'GOTO label', name: string, path: string): RuleIssue[] {
  if (name.trim() !== '') return []
  return [
    {
      path,
      message: `${what} is empty (received ${quoteValue(name)}): the docs set no minimum length`,
      atWarn: ', so callspec matches it as written, like any other (a GOTO "" goes to a LABEL "")',
      received: quoteValue(name),
      rule: 'voxology/goto-targets',
    },
  ]
}
