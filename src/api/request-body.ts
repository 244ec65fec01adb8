import type { IncomingMessage } from 'node:http'
import { realTimers } from '../clock/real-timers.js'
import { arrivalDone, noteAnswered, noteArrival, type Arrival } from './stray-requests.js'
import type { ApiRequest, ApiResponse } from './types.js'
import { API_BODY_TIMEOUT_MS, DEFAULT_MAX_API_BODY_BYTES } from './body-limits.js'
import { bodyText } from '../utils/body-text.js'
import { decodeBody } from './decode-body.js'

/**
 * How every mount of a fake vendor API reads a request body (startPlatform()'s loopback server,
 * and the in-process interception: fetch, http.request, undici), so an app gets the same answer
 * whichever way its request came: at most `maxBodyBytes` (413 past it), and at most
 * API_BODY_TIMEOUT_MS from the request's head to its body's end (408 after it).
 */

export type BodyRead = { bytes: Buffer } | { problem: 'too large' | 'timed out' | 'aborted'; received: number }

/** A body read whole: its text (decoded first when compressed: `decodedFrom` names the codings undone, decode-body.ts). */
export type BodyText = { text: string; decodedFrom?: string }

/** The headers that say how to read a body's bytes. */
export interface BodyHeaders {
  contentType?: string | null
  contentEncoding?: string | null
}

/** Where the cap is set, for the 413's words. */
export type CapSource = 'startPlatform option maxBodyBytes' | 'the in-process cap, startPlatform’s default'

/** What the in-process interception reads of a body (fetch, http.request, undici): startPlatform()'s defaults. */
export const IN_PROCESS_BODY_BOUNDS = { maxBodyBytes: DEFAULT_MAX_API_BODY_BYTES, bodyTimeoutMs: API_BODY_TIMEOUT_MS, source: 'the in-process cap, startPlatform’s default' } as const

/**
 * 413: the body is over the cap (declared, or sent). The cap is callspec's, and no vendor's
 * reference documents a body cap or a 413: marked so (`callspecs`), a call that fails on it says
 * callspec's fake API refused the request, not the platform (audit H6: a 6 MB EnableX accept was
 * "the platform refused the app's request").
 */
export function tooLargeAnswer(max: number, what: string, source: CapSource): ApiResponse {
  return {
    status: 413,
    body: { error: `request body too large (${what}); callspec's fake API reads at most ${max} bytes (${source})` },
    callspecs: "the platform documents no such cap: this 413 and its body are callspec's",
  }
}

/** 408: the body did not end within the bound (callspec's own, as the 413's cap). */
export function unfinishedAnswer(received: number, timeoutMs: number): ApiResponse {
  return {
    status: 408,
    body: { error: `request body did not finish within ${timeoutMs} ms of the request (${received} bytes came); callspec's fake API stopped waiting for it` },
    callspecs: "the platform documents no such wait: this 408 and its body are callspec's",
  }
}

/**
 * 400: a body whose Content-Encoding says a coding callspec decodes, and whose bytes do not decode
 * by it (sent plain under the header, or cut short). The answer is callspec's: no vendor documents
 * a compressed body at all.
 */
export function undecodableAnswer(encoding: string, reason: string): ApiResponse {
  return {
    status: 400,
    body: { error: `request body could not be decoded as Content-Encoding: ${encoding} (${reason}); callspec's fake API decodes a compressed body before reading it as JSON, and this one is not ${encoding} data` },
    callspecs: `the platform documents no compressed request body: this 400 and its body are callspec's`,
    undecodable: encoding,
  }
}

/**
 * A request's head came: its body is read, noted meanwhile as arrived (a wait that fails says it
 * came and its body did not finish), then decoded when it came compressed (decode-body.ts) and read
 * as text by its charset. A body refused (413, 408, or 400 for one that does not decode) is noted
 * with its answer; an abandoned one stays noted, marked so. `late`: whether the URL names a call
 * that has ended (PlatformApi.endedCallIn), so that either is listed with the ended calls' requests.
 */
export async function readNoted(
  method: string,
  url: URL,
  read: (arrival: Arrival) => Promise<BodyRead>,
  max: number,
  timeoutMs: number,
  source: CapSource,
  late?: () => boolean,
  headers: BodyHeaders = {},
): Promise<BodyText | { answer: ApiResponse } | { aborted: true }> {
  const arrival = noteArrival(method, url, timeoutMs, late)
  const body = await read(arrival)
  if ('bytes' in body) {
    arrivalDone(arrival)
    const decoded = decodeBody(body.bytes, headers.contentEncoding ?? undefined, max)
    if ('bytes' in decoded) return { text: bodyText(decoded.bytes, headers.contentType ?? undefined), ...(decoded.from !== undefined && { decodedFrom: decoded.from }) }
    // The cap holds for the decoded size too: a few KB of gzip can inflate to gigabytes.
    const answer = decoded.problem === 'too large' ? tooLargeAnswer(max, `more than ${max} bytes once decoded from ${decoded.encoding}`, source) : undecodableAnswer(decoded.encoding, decoded.reason)
    noteAnswered(method, url, answer, late?.())
    return { answer }
  }
  if (body.problem === 'aborted') {
    arrival.aborted = true
    return { aborted: true }
  }
  arrivalDone(arrival)
  const answer = body.problem === 'too large' ? tooLargeAnswer(max, `more than ${max} bytes sent`, source) : unfinishedAnswer(body.received, timeoutMs)
  noteAnswered(method, url, answer, late?.())
  return { answer }
}

/**
 * The request a driver reads: a body decoded is handed on as a decoding server in front of the API
 * would (no Content-Encoding left), `decodedFrom` saying it came so (the drivers warn of it).
 */
export function apiRequestOf(method: string, url: URL, headers: Record<string, string>, body: BodyText): ApiRequest {
  if (body.decodedFrom === undefined) return { method, url, headers, bodyText: body.text }
  const { ['content-encoding']: _, ...plain } = headers
  return { method, url, headers: plain, bodyText: body.text, decodedFrom: body.decodedFrom }
}

/** A declared Content-Length over the cap: answered 413 at once, unread (and noted). */
export function declaredTooLarge(method: string, url: URL, declared: number, max: number, source: CapSource, late?: () => boolean): ApiResponse | undefined {
  if (!(declared > max)) return undefined
  const answer = tooLargeAnswer(max, `${declared} bytes declared`, source)
  noteAnswered(method, url, answer, late?.())
  return answer
}

/** A Node request's body (the loopback server, the in-memory undici pool). Stops reading at the cap or the bound. */
export function readNodeBody(req: IncomingMessage, max: number, timeoutMs: number, arrival: Arrival): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    const done = (result: BodyRead) => {
      if (over) return
      over = true
      realTimers.clearTimeout(timer)
      req.off('data', onData)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      arrival.received = size
      if (size > max) return done({ problem: 'too large', received: size })
      chunks.push(chunk)
    }
    const timer = realTimers.setTimeout(() => done({ problem: 'timed out', received: size }), timeoutMs)
    timer.unref?.()
    req.on('data', onData)
    req.once('end', () => done({ bytes: Buffer.concat(chunks) }))
    req.once('error', () => done({ problem: 'aborted', received: size }))
    req.once('aborted', () => done({ problem: 'aborted', received: size }))
    req.once('close', () => {
      if (!req.complete) done({ problem: 'aborted', received: size })
    })
  })
}

/** A fetch Request's body (the in-process interception). Stops reading at the cap or the bound. */
export async function readWebBody(
  body: ReadableStream<Uint8Array> | null,
  max: number,
  timeoutMs: number,
  arrival: Arrival,
  abandoned: Promise<unknown> = new Promise(() => {}),
): Promise<BodyRead> {
  if (!body) return { bytes: Buffer.alloc(0) }
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let timer: ReturnType<typeof realTimers.setTimeout> | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = realTimers.setTimeout(() => resolve('late'), timeoutMs)
    timer.unref?.()
  })
  // The app destroyed its request (http.request) or aborted it (fetch's signal): the stream may never say so.
  const gone = abandoned.then(() => 'gone' as const)
  const stop = (problem: 'too large' | 'timed out' | 'aborted'): BodyRead => {
    // The rest is read and dropped, not cancelled: cancelling a stream Node adapts from a Readable
    // (http.request's body, under the interceptor) while its writer still pushes throws an
    // uncaught ERR_INVALID_STATE (measured, Node 20).
    void drain(reader)
    return { problem, received: size }
  }
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>> | 'late' | 'gone'
      try {
        next = await Promise.race([reader.read(), late, gone])
      } catch {
        return stop('aborted')
      }
      if (next === 'gone') return stop('aborted')
      if (next === 'late') return stop('timed out')
      if (next.done) break
      size += next.value.byteLength
      arrival.received = size
      if (size > max) return stop('too large')
      chunks.push(next.value)
    }
  } finally {
    realTimers.clearTimeout(timer)
  }
  return { bytes: Buffer.concat(chunks) }
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    for (;;) if ((await reader.read()).done) return
  } catch {
    // The app's stream failed: nothing to read.
  }
}
