import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { AppResponseError } from '../errors/app-response-error.js'
import type { WireRequest, WireResponse } from '../session/types.js'
import { parseAnswer } from './verdict-cache.js'
import { redirectNote } from './redirect-note.js'
import { printableBody } from '../utils/printable-body.js'

/** The request and the response as printed under every failure about a webhook answer. */
export function describeExchange(request: WireRequest | undefined, response: WireResponse): string {
  const sent = request ? `Request sent: ${request.method} ${request.url}\n${printableBody(request.body ?? '')}\n` : ''
  const type = response.headers['content-type'] ?? 'no content-type'
  return `${sent}Response received: HTTP ${response.status} (${type})\n${response.body === '' ? '(empty body)' : printableBody(response.body)}`
}

/**
 * Reads a webhook answer that must be JSON. Throws an AppResponseError saying exactly what was
 * wrong: the status, HTML instead of JSON, an empty body, or JSON that does not parse.
 *
 * The message says what the platform expects (`expected`: what its docs answer with), never what it
 * does with anything else: few vendors document that. Each driver says the consequence in
 * `outcome`, a sentence of its own appended after ("… callspec's inference …", with its rule's tag),
 * or wraps the message (8x8 names the session error it ends with). `sourceLine`, the rule's source
 * (ruleCitation), goes on a line of its own under the headline, above the exchange.
 */
export function readJson(
  response: WireResponse,
  what: { event: string; expected: string; outcome?: string; sourceLine?: string },
  request?: WireRequest,
): unknown {
  const ok = response.status >= 200 && response.status <= 299
  let parseError: unknown
  if (ok) {
    try {
      return parseAnswer(response.body)
    } catch (error) {
      parseError = error
    }
  }
  // Only a bad answer gets here: say what it was instead.
  const { event, expected } = what
  const outcome = what.outcome ? ` ${what.outcome}` : ''
  const source = what.sourceLine ? `\n${what.sourceLine}` : ''
  const fail = (problem: string) => new AppResponseError(`${problem}${source}\n${describeExchange(request, response)}`)
  if (!ok) {
    const redirect = redirectNote(response, request)
    const page = errorPage(response)
    // What the app did and what its error page says went wrong lead; what the platform expects, and
    // the rule, follow on a line of their own (newcomer audit N4: the rule's ~330 characters came
    // first, and the app's own error on line 2 or 3).
    const said = page ? `: ${page.error}${page.at ? `\n    at ${page.at}` : ''}` : ''
    throw fail(`the app answered ${event} with HTTP ${response.status}${redirect.where}${said}\nThe platform expects a 2xx with ${expected}.${outcome}${redirect.hint}${page?.hints ?? ''}`)
  }
  const encoding = response.headers['content-encoding']
  if (encoding !== undefined && encoding !== 'identity') {
    // Webhooks are sent with no Accept-Encoding: a compressed answer to one is not readable as JSON.
    throw fail(
      `the app answered ${event} with content-encoding: ${encoding} to a request that sent no Accept-Encoding, so the body cannot be read; the platform expects ${expected}, uncompressed (a compression middleware that ignores Accept-Encoding does this).${outcome}`,
    )
  }
  const body = response.body.trim()
  if (body === '') throw fail(`the app answered ${event} with an empty body; the platform expects ${expected}.${outcome}`)
  if (/^<(!doctype|html|\?xml|[a-z]+[\s>])/i.test(body)) {
    throw fail(`the app answered ${event} with HTML/XML, not JSON; the platform expects ${expected}.${outcome}`)
  }
  throw fail(`the app answered ${event} with a body that is not valid JSON (${(parseError as Error).message}); the platform expects ${expected}.${outcome}`)
}

/**
 * What an error page says went wrong: Express's default page (and others built on finalhandler)
 * holds the error and its stack in a <pre>, HTML-escaped, which the snippet below the message
 * shows only as markup; a plain-text answer's first line. `at`: the page's first stack frame
 * outside node_modules, un-escaped (`/app/server.js:7:44`), when that file is on this machine (an
 * app in this process, or beside it): a synchronous throw in an Express handler reaches callspec only as this page, where an
 * async one's error comes whole (newcomer audit N4). An error about an undefined `req.body` gets a
 * hint: every platform posts its webhooks as JSON, and an app without a JSON body parser sees none;
 * a TypeError on any undefined value gets it as a question (`req.body.event` names only `event`).
 */
function errorPage(response: WireResponse): { error: string; at?: string; hints: string } | undefined {
  const lines = errorText(response)
  if (!lines) return undefined
  const error = lines[0]!.trim().slice(0, 300)
  if (error === '') return undefined
  // req.body itself undefined, not a property of it (`of 'req.body.payload' as it is undefined`: the
  // body was parsed, and lacks what the app read; newcomer audit-91: an 8x8 app run as webex-connect).
  const unparsed = /\breq(uest)?\.body\b(?!\.)/.test(error) && /undefined/.test(error)
  // `req.body.event` with no body parser: the error names the property, not req.body.
  const maybe = !unparsed && /^TypeError: Cannot (read properties of undefined|destructure property .+ of .+ as it is undefined)/.test(error)
  const parse = 'callspec posts each webhook as JSON (content-type: application/json), as the platform does: parse JSON bodies before the webhook route, e.g. app.use(express.json()).'
  const hints = unparsed ? `\nHint: the app read no request body. ${parse}` : maybe ? `\n${MAYBE_NO_BODY_PARSER} ${parse}` : ''
  return { error, at: appFrame(lines.slice(1, 40)), hints }
}

/**
 * What an answer that is not a webhook's says went wrong (startedBy()'s request answered HTTP 500):
 * `: Error: boom`, and the app's own frame on a line of its own (`\n    at /app/server.js:7:44`),
 * as a webhook answer's failure says it (readJson); '' when the page names no error.
 */
export function saidByErrorAnswer(response: WireResponse): string {
  const page = errorPage(response)
  return page ? `: ${page.error}${page.at ? `\n    at ${page.at}` : ''}` : ''
}

/**
 * The same on one line, for a warning about an answer callspec does not act on (an end-of-call
 * webhook answered 500): `: Error: boom (at /app/server.js:7:44)`, '' when the page names no
 * error. Before, such a warning said only "the app did not take it", and the crash in the app's
 * session summary route was in nothing the test printed.
 */
export function errorPageInline(response: WireResponse): string {
  const page = errorPage(response)
  return page ? `: ${page.error}${page.at ? ` (at ${page.at})` : ''}` : ''
}

/**
 * The lines of an error page's error and stack: an HTML page's <pre>, un-escaped, or a plain-text
 * answer (@hono/node-server's 500 is the error's stack, as text).
 */
function errorText(response: WireResponse): string[] | undefined {
  const type = response.headers['content-type'] ?? ''
  // Read in the first 64 KB: a hostile page costs one linear scan, no more.
  const page = response.body.slice(0, 65_536)
  if (/^text\/plain\b/i.test(type)) return page.split('\n')
  if (/\bjson\b/i.test(type)) return jsonError(page)

  if (!/html/i.test(type)) return undefined
  // Found with indexOf (Express writes the tags in lower case).
  const start = page.indexOf('<pre>')
  const end = start < 0 ? -1 : page.indexOf('</pre>', start)
  if (end < 0) return undefined
  return unescapeHtml(page.slice(start + 5, end).replace(/<br\s*\/?>/gi, '\n')).split('\n')
}

/**
 * A JSON error body's message, as one line: `res.status(500).json({ error: err.message })`,
 * Fastify's `{ statusCode, error: 'Internal Server Error', message }` (its `message` says more than
 * its `error`), `{ error: { message } }`, RFC 9457's `detail` or `title`. Undefined for anything
 * else (the body is shown under the failure either way). Before, a JSON 500 said only `HTTP 500`.
 */
function jsonError(page: string): string[] | undefined {
  let body: unknown
  try {
    body = JSON.parse(page)
  } catch {
    return undefined
  }
  if (typeof body !== 'object' || body === null) return undefined
  const { message, error, detail, title } = body as Record<string, unknown>
  const nested = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined
  const said = [message, error, nested, detail, title].find((value): value is string => typeof value === 'string' && value.trim() !== '')
  return said === undefined ? undefined : [said.split('\n')[0]!]
}

/** `file:line:column` of the first stack frame of the app's own code among `lines`, if that file is on this machine. */
function appFrame(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    // A frame is a short line: a long one (a hostile page) is not tried against the pattern.
    if (line.length > 1_000) continue
    const frame = /^\s*at (?:.*? \()?((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?\s*$/.exec(line)
    if (!frame) continue
    const file = frame[1]!.startsWith('file://') ? fileURLToPath(frame[1]!) : frame[1]!
    if (/[\\/]node_modules[\\/]/.test(file)) continue
    return existsSync(file) ? `${file}:${frame[2]}:${frame[3]}` : undefined
  }
  return undefined
}

/**
 * The app's error, from its error page, as the first line of a failure says it (`… with HTTP 500:
 * Error: PIN service down`), or undefined: what later readers of the message go by.
 */
export function errorPageError(message: string): string | undefined {
  const first = message.split('\n', 1)[0]!
  return /the app answered .+? with HTTP \d{3}(?: \(a redirect[^)]*\))?: (.+)$/.exec(first)?.[1]
}

/**
 * The start of the line a TypeError on any undefined value gets: a guess, which a failure drops
 * where the app's signs disprove it (a body parser ran: dsl/run-flow.ts finds the line by this).
 */
export const MAYBE_NO_BODY_PARSER = 'Hint: if what was undefined is req.body, the app parses no JSON body.'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))
    // A code point past Unicode's range would throw here, inside the failure being built.
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity
  })
}
