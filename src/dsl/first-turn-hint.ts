import { answeredAsOwn, answeredLike } from '../driver/answer-like.js'
import type { AnyDriver } from '../driver/types.js'
import type { Transcript } from '../session/transcript.js'
import type { WireResponse } from '../session/types.js'
import type { FlowConfig } from './flow-config.js'
import { phrasingOf } from './phrasing.js'
import { notFoundHint } from './not-found-hint.js'
import { RealDate, realDateNow } from '../clock/real-timers.js'
import { appReadDefaultStart } from './app-date-start.js'
import { inferredOnly } from '../validation/inferred-lead.js'
import { isUnreadBodiesHint } from '../transport/unread-bodies-hint.js'
import { isOwnShape } from '../driver/own-shape.js'
import { LateAnswerError } from '../errors/app-response-error.js'
import { errorPageError } from '../validation/read-response.js'
import { platformsSendingField } from '../driver/other-platforms.js'

/**
 * A call that fails on its very first webhook is usually set up wrong rather than an app bug:
 * a 404 means the webhook went to a path the app does not serve; a 2xx whose body the platform
 * cannot read, or a 400 or 422 (an app that validates its events), means the app may speak another
 * platform. Says so under the failure's first line.
 */
export function withFirstTurnHint(error: unknown, config: FlowConfig<AnyDriver>): unknown {
  if (!(error instanceof Error)) return error
  const transcript = (error as { transcript?: Transcript }).transcript
  if (!transcript || transcript.actions().length > 0) return error
  // The failure is the first webhook's: later ones are the platform's reports of the end (8x8's
  // session summary follows a refused first callflow), not the app's answers to the call.
  const first = transcript.entries.find((e) => e.kind === 'event')
  if (!error.message.startsWith('[callspec] turn 1, ') || first?.kind !== 'event' || !first.response) return error
  // The driver already named the mistake in an answer of its platform's shape (own-shape.ts).
  if (isOwnShape(error)) return error
  const like = answeredLike(first.response, config.driver.platform)
  const hint = like ? likeHint(like, config) : hintFor(first.response, error, first.request.url, config, first.request.body)
  if (!hint) return error
  const [head = '', ...said] = error.message.split('\n')
  // A 404: the app had no route for the webhook, which is why it read no body (Express's 404 never
  // does), not a missing JSON parser: that hint misled (audit-111 8).
  const rest = response404(first.response) ? said.filter((line) => !isUnreadBodiesHint(line)) : said
  // The app answered as another platform's apps do: that is what went wrong, known from the first
  // answer, so the first line says it, and what followed from it (a wait that ran out, a callflow
  // refused) comes under it (newcomer audit N5: it was line 2, under a 3.5 s wait).
  const step = like ? /^\[callspec\] (?:turn \d+, )?(?:\w+\(.*?\): )?/.exec(head)?.[0] : undefined
  // Under the app's own stack frame, where the headline has one (read-response.ts): it belongs to the error there.
  const frames = rest.findIndex((line) => !/^ {4}at /.test(line))
  const at = frames < 0 ? rest.length : frames
  const then = head.slice(step?.length ?? 0)
  // A sentence of its own now: "The app's answer …", "Waited …" (callspec's name stays as it is written).
  const sentence = then.startsWith('callspec') ? then : `${then.charAt(0).toUpperCase()}${then.slice(1)}`
  const message = step
    ? [`${step}${hint}`, sentence, ...rest].join('\n')
    : [head, ...rest.slice(0, at), `Hint: ${hint}`, ...rest.slice(at)].join('\n')
  if (error.stack?.includes(error.message)) error.stack = error.stack.replace(error.message, message)
  error.message = message
  return error
}

const response404 = (response: WireResponse): boolean => response.status === 404

function hintFor(response: WireResponse, error: Error, url: string, config: FlowConfig<AnyDriver>, firstBody: string | undefined): string | undefined {
  const { driver } = config
  if (response404(response)) return notFoundHint(response, url, config)
  const around = wentAroundInterception(error, driver)
  if (around) return around
  // The app's error page names a field of the body the first webhook does not have (`req.body.payload`
  // is undefined: an 8x8 app's read, run as another platform), the body parsed (newcomer audit-91).
  // Only a field another platform's webhooks carry: a read of a name none sends (`req.body.caller.number`)
  // is the app's own bug, and asking about `platform` misled (newcomer audit N4).
  const absent = absentBodyField(error.message, firstBody)
  if (absent && platformsSendingField(absent.field, driver.platform).length > 0) {
    return `is \`platform\` right? The app read ${absent.path}, and ${driver.platform}'s first webhook has no \`${absent.field}\`: an app written for another platform reads fields like this. What ${driver.platform} sends: https://github.com/callspec/callspec/blob/main/docs/platforms/${driver.platform}.md`
  }
  // The commoner crash of such an app names only the property it read of what was undefined
  // (`req.body.payload.callStatus`: "Cannot read properties of undefined (reading 'callStatus')"):
  // the hint holds when the webhook carries no such key at any depth (helper-125 finding 5), and another platform's does.
  const unread = keyNowhereInBody(error.message, firstBody)
  if (unread && platformsSendingField(unread.key, driver.platform).length > 0) {
    return `is \`platform\` right? The app read \`${unread.key}\` of something undefined, and ${driver.platform}'s first webhook has no \`${unread.key}\` anywhere (its fields: ${unread.fields}): an app written for another platform reads fields like this. What ${driver.platform} sends: https://github.com/callspec/callspec/blob/main/docs/platforms/${driver.platform}.md`
  }
  const refusedByClock = refusedOnTheCallsClock(response, error, config)
  if (refusedByClock) return refusedByClock
  // An app that validates its events refuses another platform's first one as a bad request
  // (newcomer audit-119: a Webex Connect app's catch-all 400, run as 8x8, said only the status).
  if (response.status === 400 || response.status === 422) {
    return `is \`platform\` right? The app refused the first ${driver.platform} webhook with HTTP ${response.status}: an app written for another platform's events refuses one it does not know like this. If it is, the answer below says what the app refused. What ${driver.platform} sends: https://github.com/callspec/callspec/blob/main/docs/platforms/${driver.platform}.md`
  }
  // An app that read no webhook body answers emptily or wrongly whatever its platform: the hint to
  // parse JSON, already in the message (transport/app-signs.ts), is the one that fits (helper-25).
  if (response.status >= 200 && response.status <= 299 && looksForeign(response, error, driver) && !error.message.includes('app.use(express.json())') && !error.message.split('\n').some(isUnreadBodiesHint)) {
    return `is \`platform\` right? The app answered the first ${driver.platform} webhook with 2xx, but not with anything ${driver.platform} understands: an app written for another platform answers like this. What ${driver.platform} sends and expects: https://github.com/callspec/callspec/blob/main/docs/platforms/${driver.platform}.md`
  }
  return undefined
}

/**
 * Another platform's apps answer so (each driver declares what its apps' answers look like): said
 * before any other reading of a 2xx answer, since it names the platform.
 */
function likeHint(like: { platform: string; quoted: string }, config: FlowConfig<AnyDriver>): string {
  const says = phrasingOf(config.options)
  const { platform } = config.driver
  const likeThat = `the app's answer to the first webhook looks like ${article(like.platform)} ${like.platform} app's (${like.quoted}): is \`platform\` right? This call plays ${platform}; for ${article(like.platform)} ${like.platform} app, ${says.scenarioFile ? 'write' : 'pass'} ${says.option('platform', like.platform)}.`
  // `OK` is also Express's res.sendStatus(200): an app of this platform's whose branches matched
  // none of this webhook's fields answers it from its fallback (audit h193: an 8x8 app reading
  // req.body.callStatus, not req.body.payload.callStatus, was told only that it looked like EnableX's).
  if (like.quoted !== 'OK') return likeThat
  return `${likeThat} Or, if it is ${article(platform)} ${platform} app, OK is what Express's res.sendStatus(200) answers: a fallback that none of its cases for this webhook matched (what ${platform} sends: https://github.com/callspec/callspec/blob/main/docs/platforms/${platform}.md).`
}

/**
 * An empty body, or one whose every problem is at the top level with the platform's own keys
 * missing: not a mistake inside an answer of the right kind, which the error already explains.
 * A key of the platform's that is there with a wrong value (`{ "action": "answer" }` to Webex
 * Connect) is the right platform, spelled wrong. Never an answer failed only by rules callspec
 * inferred (an unknown key beside a valid action, under strict): the platform documents it as
 * its own, and the failure's lead says so (audit-104: the hint contradicted it); nor a payload
 * error of a platform whose apps drive the call by REST (EnableX): it is one of the app's REST
 * requests, and the webhook's answer (an acknowledgement) was fine; nor an answer in the shape the
 * driver says its own apps answer in (Driver.answersLike: 8x8's callflow refused for its makeCall
 * count, a Webex Connect PLAY without audio), where the mistake is inside the right platform's answer.
 */
function looksForeign(response: WireResponse, error: Error, driver: AnyDriver): boolean {
  // A late answer failed on its time, not its body (an EnableX acknowledgement is empty).
  // An empty acknowledgement is the answer of a platform whose apps drive the call through its API (EnableX's).
  if (error.name === 'AppResponseError') return response.body.trim() === '' && !driver.appDrivesCall && !(error instanceof LateAnswerError)
  const issues = (error as { issues?: ReadonlyArray<{ path: string; received?: string; rule?: string; level?: 'warn' | 'error'; evidence?: string }> }).issues
  if (error.name !== 'VendorPayloadError' || !issues?.length) return false
  if (driver.appDrivesCall || inferredOnly(issues)) return false
  // An answer the platform's own apps give (8x8's {"callflow": [...]}) is the right platform, whatever its mistake (audit h131 finding 05).
  if (answeredAsOwn(response, driver)) return false
  const topLevel = issues.every((i) => !/[.[]/.test(i.path))
  const ownKeyWrong = issues.some((i) => i.path !== '' && i.received !== undefined)
  return topLevel && !ownKeyWrong
}

/**
 * The app threw a network error for one of the vendor's own hosts (`getaddrinfo ENOTFOUND
 * api.enablex.io`): its request went around callspec's interception, which answers those hosts
 * during a call. A request function the app took when it loaded does that (`const { request } =
 * require('https')`, as EnableX's Node samples write it) when no callspec/vitest setup file ran
 * before the app's modules (api/captured-requests.ts). Measured before: the failure asked whether
 * `platform` was right, of an app whose empty acknowledgement was EnableX's own.
 */
function wentAroundInterception(error: Error, driver: AnyDriver): string | undefined {
  if (error.name !== 'AppResponseError') return undefined
  const host = /\b(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|CERT_\w+|UNABLE_TO_\w+)\b[^\n]*?\b([a-z0-9-]+(?:\.[a-z0-9-]+)+)/i.exec(error.message.split('\n')[0] ?? '')?.[1]?.toLowerCase()
  if (!host || !driver.vendorOrigins.some((origin) => new URL(origin).hostname === host)) return undefined
  return (
    `the app's request to ${host}, ${article(driver.platform)} ${driver.platform} host callspec answers during a call, went to the network around callspec's interception. ` +
    "A request function the app took when its module loaded does that (`const { request } = require('https')`): add 'callspec/vitest' to test.setupFiles in vitest.config.ts, which runs before the app's modules load and makes such a function reach callspec, or call https.request(…) when the app sends."
  )
}

/** "a" or "an" before a platform's name as it is said ("an 8x8", "an enablex"). */
const article = (name: string) => (/^[aeiou8]/i.test(name) ? 'an' : 'a')

/**
 * `req.body.<field>…` the app's error page says is undefined (`Cannot destructure property 'x' of
 * 'req.body.payload' as it is undefined`), when the webhook's JSON body has no such top-level field.
 */
function absentBodyField(message: string, body: string | undefined): { path: string; field: string } | undefined {
  const path = /'(req(?:uest)?\.body(?:\.\w+)+)' as it is undefined/.exec(errorPageError(message) ?? '')?.[1]
  if (!path || body === undefined) return undefined
  const field = path.split('.')[2]!
  try {
    const sent = JSON.parse(body) as unknown
    if (typeof sent !== 'object' || sent === null || field in sent) return undefined
  } catch {
    return undefined
  }
  return { path, field }
}

/**
 * The property the app's error page says it read of undefined (`Cannot read properties of undefined
 * (reading 'callStatus')`), when the webhook's JSON body has no key of that name at any depth; with
 * the body's top-level fields, which show the platform's shape.
 */
function keyNowhereInBody(message: string, body: string | undefined): { key: string; fields: string } | undefined {
  const key = /Cannot read propert(?:y|ies) of undefined \(reading '([^']+)'\)/.exec(errorPageError(message) ?? '')?.[1]
  if (!key || body === undefined) return undefined
  let sent: unknown
  try {
    sent = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent) || hasKey(sent, key)) return undefined
  const names = Object.keys(sent)
  return { key, fields: `${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}` }
}

function hasKey(value: unknown, key: string): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (!Array.isArray(value) && Object.hasOwn(value, key)) return true
  return Object.values(value).some((inner) => hasKey(inner, key))
}

/** Days between the default start and the machine's clock past which a token made from real time is surely off (audit-93). */
const DRIFT_DAYS = 1

/**
 * The app refused the first webhook (401, 403) while its `Date` read callspec's default start,
 * months from the machine's clock: a token or signature the test made from real time (a JWT's
 * nbf, an expiry) is not yet valid or long expired to it (audit-93: "HTTP 401", nothing on time).
 */
function refusedOnTheCallsClock(response: WireResponse, error: Error, config: FlowConfig<AnyDriver>): string | undefined {
  // Set by run-flow.ts on a call whose app read callspec's default start on its own `Date`.
  const start = appReadDefaultStart.get(error)
  if ((response.status !== 401 && response.status !== 403) || start === undefined) return undefined
  const days = Math.round((realDateNow() - start) / 86_400_000)
  if (Math.abs(days) < DRIFT_DAYS) return undefined
  const says = phrasingOf(config.options)
  return (
    `if the app checks a token or a signature's time, its \`Date\` reads the call's start, ${new RealDate(start).toISOString()} (the default startAt), ${Math.abs(days).toLocaleString('en-US')} days ${days > 0 ? 'before' : 'after'} the machine's clock: ` +
    `what the test made from real time (a JWT's nbf or exp) is ${days > 0 ? 'not yet valid' : 'expired'} to it. Make it from the call's start, or ${says.scenarioFile ? 'set startAt in the scenario file' : 'pass startAt: new Date()'}.`
  )
}
