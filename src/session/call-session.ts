import type { SimpleFaker } from '@faker-js/faker'
import { VirtualClock } from '../clock/virtual-clock.js'
import type { CallContext, Delivery, Limits } from '../driver/types.js'
import { AppResponseError } from '../errors/app-response-error.js'
import { CallspecError } from '../errors/callspec-error.js'
import type { Exchange, Transport } from '../transport/types.js'
import { describeExchange } from '../validation/read-response.js'
import type { RuleBook } from '../validation/rules.js'
import type { ValidationIssue } from '../validation/types.js'
import { releaseRandom, seededRandom } from '../utils/random.js'
import { Transcript, type TranscriptHeader } from './transcript.js'
import type { ActionRecord, CallEnd, CallParties, Prompt, WireRequest, WireResponse } from './types.js'

/** Virtual time 0 is a seeded instant on 2026-03-02, so timestamps look real and repeat. */
const EPOCH_BASE = Date.UTC(2026, 2, 2, 8, 0, 0)

/**
 * One simulated call: its clock, transcript, the app's queued actions and the live state.
 * Implements the CallContext a driver works through; knows nothing of any vendor.
 */
export class CallSession implements CallContext {
  readonly clock: VirtualClock
  readonly random: SimpleFaker
  readonly transcript: Transcript
  readonly queue: ActionRecord[] = []
  turn = 0
  ended: CallEnd | undefined
  #consumed = 0
  #actionCount = 0
  #trigger: Promise<unknown> | undefined
  #triggerError: unknown
  #fatal: unknown
  /** Rules broken at level 'warn' (and `unconsumed: 'warn'` leftovers), one line each: `call.warnings`. */
  readonly warnings: string[] = []

  constructor(
    header: TranscriptHeader,
    readonly transport: Transport,
    readonly limits: Limits,
    readonly rules: RuleBook,
    private readonly triggerFn?: () => Promise<unknown>,
  ) {
    this.random = seededRandom(header.seed)
    this.clock = new VirtualClock(EPOCH_BASE + this.random.number.int({ min: 0, max: 8 * 3600 }) * 1000)
    this.transcript = new Transcript(header)
  }

  /** The call is over: its faker goes back to the pool. */
  dispose(): void {
    releaseRandom(this.random)
  }

  get platform(): string {
    return this.transcript.header.platform
  }

  uuid(): string {
    return this.random.string.uuid()
  }

  /** Sends one webhook: a new turn in the transcript. Transport failures become AppResponseErrors. */
  async deliver(delivery: Delivery): Promise<Exchange> {
    this.turn += 1
    if (this.turn > this.limits.maxTurns) {
      throw new CallspecError(
        `the call passed ${this.limits.maxTurns} webhooks (limits.maxTurns): is the app looping? Raise the limit if the call is really this long.`,
      )
    }
    const isGet = delivery.method === 'GET'
    const body = isGet ? undefined : JSON.stringify(delivery.body)
    const entry = {
      kind: 'event' as const,
      turn: this.turn,
      at: this.clock.now(),
      name: delivery.name,
      summary: delivery.summary,
      request: { method: delivery.method ?? 'POST', url: '', headers: {}, body } as WireRequest,
      response: undefined as WireResponse | undefined,
    }
    this.transcript.add(entry)
    try {
      const { request, response } = await this.transport.send({
        method: delivery.method ?? 'POST',
        target: delivery.target ?? '',
        headers: isGet ? delivery.headers : withJsonType(delivery.headers),
        body,
      })
      entry.request = request
      entry.response = response
      return { request, response }
    } catch (error) {
      const request = (error as { request?: { method: string; url: string; body?: string } }).request
      const where = request ? `${request.method} ${request.url}` : delivery.name
      throw new AppResponseError(
        `no answer to ${delivery.name} (${where}): ${(error as Error).message}\nRequest sent:\n${body ?? '(no body)'}`,
      )
    }
  }

  fetchFromApp(target: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}): Promise<Exchange> {
    return this.transport.send({ method: init.method ?? 'GET', target, headers: init.headers })
  }

  action(action: Omit<ActionRecord, 'index' | 'turn' | 'at'>): ActionRecord {
    const record: ActionRecord = {
      index: this.#actionCount++,
      turn: this.turn,
      at: this.clock.now(),
      name: action.name,
      raw: action.raw,
      source: action.source,
      summary: action.summary,
      prompts: action.prompts,
      endsCall: action.endsCall,
    }
    this.transcript.add({ kind: 'action', turn: this.turn, at: record.at, action: record })
    this.queue.push(record)
    return record
  }

  apiRequest(e: Parameters<CallContext['apiRequest']>[0]): void {
    this.transcript.add({
      kind: 'api',
      turn: this.turn,
      at: this.clock.now(),
      name: e.name,
      summary: e.summary,
      request: { method: e.method, url: e.url, headers: e.headers, body: e.body },
      status: e.status,
      body: e.responseBody,
    })
  }

  heard(prompt: Prompt, at: number, cutAtMs?: number): void {
    this.transcript.insertByTime({ kind: 'heard', turn: this.turn, at, prompt, cutAtMs })
  }

  async advanceTo(at: number): Promise<void> {
    for (let next = this.clock.peek(); next && next.at <= at; next = this.clock.peek()) {
      await this.clock.fireNext()
      const fatal = this.takeFatal()
      if (fatal) throw fatal
    }
    this.clock.skipTo(at)
  }

  setParties(parties: Partial<CallParties>): void {
    Object.assign(this.transcript.header.parties, parties)
  }

  caller(text: string, at = this.clock.now()): void {
    this.transcript.insertByTime({ kind: 'caller', turn: this.turn, at, text })
  }

  note(text: string): void {
    this.transcript.add({ kind: 'note', turn: this.turn, at: this.clock.now(), text })
  }

  breaks(rule: string, message: string): boolean {
    const breach = this.rules.breach(rule)
    if (!breach) return false
    if (breach.level === 'error') return true
    this.warn(`${message} (${breach.tag})`)
    return false
  }

  warnIssues(issues: readonly ValidationIssue[], context: string): void {
    for (const issue of issues) {
      if (issue.level !== 'warn') continue
      const at = issue.path ? ` at ${issue.path}` : ''
      this.warn(`${context}: ${issue.message}${at} (${issue.tag ?? issue.rule})`)
    }
  }

  /** One warning: held for `call.warnings`, marked in the transcript, printed once at the end of the call. */
  warn(text: string): void {
    const turn = this.turn
    this.warnings.push(turn > 0 ? `turn ${turn}: ${text}` : text)
    this.transcript.add({ kind: 'warning', turn, at: this.clock.now(), text })
  }

  end(end: Omit<CallEnd, 'at'>): void {
    if (this.ended) return
    this.ended = { ...end, at: this.clock.now() }
    this.transcript.end = this.ended
  }

  startTrigger(): void {
    if (!this.triggerFn || this.#trigger) return
    this.#trigger = this.triggerFn().catch((error: unknown) => {
      this.#triggerError = error
    })
  }

  /** The trigger's failure, if it threw (checked while waiting for the app). */
  get triggerError(): unknown {
    return this.#triggerError
  }

  async awaitTrigger(): Promise<void> {
    if (!this.#trigger) return
    await withTimeout(this.#trigger, this.limits.appTimeoutMs).catch(() => {
      throw new CallspecError(`startedBy() did not finish within ${this.limits.appTimeoutMs} ms (limits.appTimeoutMs).`)
    })
    if (this.#triggerError !== undefined) throw new CallspecError(`startedBy() failed: ${describeError(this.#triggerError)}`)
  }

  /** Lets a started trigger finish (bounded), so no request to the app outlives the flow. */
  async settleTrigger(): Promise<void> {
    if (this.#trigger) await withTimeout(this.#trigger, this.limits.appTimeoutMs).catch(() => {})
  }

  async waitForApp<T>(promise: Promise<T>, what: string): Promise<T> {
    const triggerFailed = (this.#trigger ?? new Promise<never>(() => {})).then(() => {
      if (this.#triggerError === undefined) return new Promise<never>(() => {})
      throw new CallspecError(`startedBy() failed before ${what}: ${describeError(this.#triggerError)}`)
    })
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CallspecError(`waited ${this.limits.appTimeoutMs} ms (limits.appTimeoutMs) for ${what}, and it never came.`)),
        this.limits.appTimeoutMs,
      )
    })
    try {
      return await Promise.race([promise, triggerFailed, timedOut])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Records a failure raised outside the run loop (a background request), surfaced at the next step. */
  fatal(error: unknown): void {
    this.#fatal ??= error
  }

  takeFatal(): unknown {
    const error = this.#fatal
    this.#fatal = undefined
    return error
  }

  /** The next action no step has consumed yet. */
  peekAction(): ActionRecord | undefined {
    return this.queue[this.#consumed]
  }

  consumeAction(): ActionRecord | undefined {
    return this.queue[this.#consumed++]
  }

  unconsumed(): ActionRecord[] {
    return this.queue.slice(this.#consumed)
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The headers of a JSON webhook. Copied key by key: object spread was a hot spot in profiles. */
function withJsonType(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { 'content-type': 'application/json' }
  if (headers) for (const key in headers) out[key] = headers[key]!
  return out
}

/** Rejects after `ms` real milliseconds; the timer is cleared as soon as the promise settles. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export { describeExchange }
