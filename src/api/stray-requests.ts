/**
 * What the fake vendor APIs received, so a wait that fails can say what came instead. An app
 * that sends its REST request for the wrong call id (answered 404), to a route the fake does not
 * know, or that the fake refused, would otherwise fail with "it never came" and nothing else.
 *
 * Every request a mount (loopback server, interception) answers goes through answerApiRequest().
 * A driver that attributes a request to a call does so through recordApi(), which calls
 * attribute(); the rest belong to no call: strays. Only the last MAX_KEPT are kept.
 */
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'

/** One request a fake API answered. */
export interface SeenRequest {
  seq: number
  method: string
  url: string
  status: number
  /** The answer's body, shortened. */
  answer: string
  /** The call the driver recorded it in, by number (the log must not keep finished calls alive), if any. */
  owner: number | undefined
}

const MAX_KEPT = 100
const SHOWN = 10
const seen: SeenRequest[] = []
const owners = new WeakMap<ApiRequest, number>()
const ownerIds = new WeakMap<object, number>()
let seq = 0
let lastOwnerId = 0

function idOf(owner: object): number {
  let id = ownerIds.get(owner)
  if (id === undefined) ownerIds.set(owner, (id = ++lastOwnerId))
  return id
}

/** The driver put this request in `owner`'s transcript: it belongs to that call. */
export function attribute(request: ApiRequest, owner: object): void {
  owners.set(request, idOf(owner))
}

/** Answers one request through `api`, noting it; an API that throws answers 500 (never an unhandled rejection). */
export async function answerApiRequest(api: PlatformApi, request: ApiRequest): Promise<ApiResponse> {
  let answer: ApiResponse
  try {
    answer = await api.handle(request)
  } catch (error) {
    answer = { status: 500, body: { error: `callspec's fake API failed on this request: ${error instanceof Error ? error.message : String(error)}` } }
  }
  note(request, answer)
  return answer
}

function note(request: ApiRequest, answer: ApiResponse): void {
  const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
  seen.push({
    seq: ++seq,
    method: request.method,
    url: `${request.url.origin}${request.url.pathname}`,
    status: answer.status,
    answer: body.length > 200 ? `${body.slice(0, 200)}…` : body,
    owner: owners.get(request),
  })
  if (seen.length > MAX_KEPT) seen.splice(0, seen.length - MAX_KEPT)
}

/** A position in the log: requests after it are "since". */
export function seenMark(): number {
  return seq
}

/**
 * Requests since `mark` that the fake refused (not 2xx) and that belong to `owner`'s call or to
 * none (wrong id, unknown route, nobody waiting): what came instead of what was awaited. Empty
 * when there were none; else a paragraph for a failure message.
 */
export function describeStrays(mark: number, owner: object): string {
  // 2xx answers moved something on (a recording download belongs to no call, and is fine).
  const id = ownerIds.get(owner)
  const strays = seen.filter((r) => r.seq > mark && (r.status < 200 || r.status > 299) && (r.owner === undefined || r.owner === id))
  if (strays.length === 0) return ''
  const lines = strays.slice(-SHOWN).map((r) => {
    const whose = r.owner === undefined ? 'no call in progress has this id or route' : 'refused'
    return `  • ${r.method} ${r.url} → HTTP ${r.status}${r.answer ? ` ${r.answer}` : ''} (${whose})`
  })
  const more = strays.length > SHOWN ? `  … and ${strays.length - SHOWN} earlier\n` : ''
  return (
    `\nWhat the fake vendor API received instead, since this call started:\n${more}${lines.join('\n')}\n` +
    `Check the call id, path and credentials the app uses in its requests (a request for another call's id comes from a concurrent call).`
  )
}
