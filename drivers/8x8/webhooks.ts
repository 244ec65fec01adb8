import { CallspecError, describeExchange, errorPageInline, type CallContext, type WireRequest, type WireResponse } from '../../src/driver/index.js'
import { BEHAVIOUR, type EightByEightOptions } from './behaviour.js'
import type { SessionError } from './codes.js'
import { vcaWebhook, vcsWebhook, vssWebhook, type Leg, type SessionFacts } from './payloads.js'
import type { ActionName, VcsWebhook, VssWebhook } from './schemas.js'
import { summarizeVca, summarizeVcs, summarizeVss } from './summaries.js'
import { ruleFailure } from '../../src/validation/inferred-lead.js'

export type Exchange = { request: WireRequest; response: WireResponse }

/**
 * What every webhook of one session shares. A class, not an object literal with a getter (which
 * V8 keeps in dictionary mode, a new accessor pair per session). Measured in a bench loop with
 * the literal: every finished call's objects outlived V8's young-generation collections until a
 * full one (~1 MB promoted per scavenge, 4 ms pauses, ~20 µs of GC a call); with this class,
 * ~0.25 MB. test/drivers/8x8/gc-retention.test.ts keeps it so.
 */
class Facts implements SessionFacts {
  constructor(
    private readonly ctx: CallContext,
    readonly sessionId: string,
    private readonly webhooks: { readonly subAccountId: string },
  ) {}
  /** Read when each webhook is built, so an outbound session's subaccount is the request's. */
  get subAccountId(): string {
    return this.webhooks.subAccountId
  }
  iso(at?: number): string {
    return this.ctx.clock.iso(at)
  }
  now(): number {
    return this.ctx.clock.now()
  }
  uuid(): string {
    return this.ctx.uuid()
  }
}

/**
 * The three webhooks of one session (8x8's webhook guides) and where each goes: the VCA (call
 * action) to the app's callflow URL, a VCS (call status) per leg event, the VSS (session summary)
 * at the end. Each path comes from the vendor options; null means the webhook is not configured, so
 * it is not sent. Only the VCA's answer is read (by the call); a non-2xx to a VCS or the VSS is
 * noted and ignored.
 */
export class Webhooks {
  readonly paths: { vca: string | null; vss: string | null; vcs: string | null }
  /** The subaccount in every payload. Outbound, it is known only from the Send Callflow request's path. */
  subAccountId: string
  readonly #facts: SessionFacts

  constructor(
    private readonly ctx: CallContext,
    private readonly options: EightByEightOptions,
    private readonly headers: Record<string, string>,
    sessionId: string,
    webhookPath: string,
  ) {
    this.subAccountId = options.subAccountId ?? BEHAVIOUR.subAccountId
    const { vcaPath, vssPath, vcsPath } = options
    this.paths = {
      vca: vcaPath === null ? null : (vcaPath ?? webhookPath),
      vss: vssPath === null ? null : (vssPath ?? BEHAVIOUR.vssPath),
      vcs: vcsPath === true ? BEHAVIOUR.vcsPath : (vcsPath ?? null),
    }
    this.#facts = new Facts(ctx, sessionId, this)
  }

  /**
   * VCA (8x8's Voice Call Action webhook guide): asks the app for the next callflow; `dtmf` after a
   * sayAndCapture (null: nothing valid).
   */
  callAction(leg: Leg, callStatus: 'CALL_RECEIVED' | 'ACTION_COMPLETED', dtmf: string | null | undefined, clientActionId: string | undefined): Promise<Exchange> {
    // The call never asks with no VCA configured (start() refuses an inbound call, #ranOut ends the session): never post to '/'.
    if (this.paths.vca === null) throw new CallspecError(`callspec bug: a ${callStatus} VCA with vendor.vcaPath null (no VCA webhook configured)`)
    const body = vcaWebhook(this.#facts, leg, callStatus, { dtmf, clientActionId, flatDtmf: this.options.flatDtmf })
    return this.#deliver('CALL_ACTION', summarizeVca(body), body, this.paths.vca)
  }

  /**
   * VCS for one leg, only when a VCS webhook is configured (8x8's Voice Call Status webhook docs).
   * Its answer is not used.
   */
  async callStatus(leg: Leg, callStatus: VcsWebhook['payload']['callStatus']): Promise<void> {
    if (this.paths.vcs === null) return
    const body = vcsWebhook(this.#facts, leg, callStatus)
    const exchange = await this.#deliver('CALL_STATUS', summarizeVcs(body), body, this.paths.vcs)
    const { response } = exchange
    if (!isOk(response.status)) this.#unanswered('CALL_STATUS', exchange)
  }

  /**
   * VSS (8x8's Voice Session Summary webhook guide), when one is configured. Its answer is not
   * used.
   */
  async sessionSummary(
    legs: readonly Leg[],
    summary: { status: VssWebhook['payload']['sessionStatus']; lastAction: ActionName; error?: SessionError },
  ): Promise<void> {
    if (this.paths.vss === null) return
    const body = vssWebhook(this.#facts, legs, summary)
    const exchange = await this.#deliver('SESSION_SUMMARY', summarizeVss(body), body, this.paths.vss)
    if (!isOk(exchange.response.status)) this.#unanswered('SESSION_SUMMARY', exchange)
  }

  /**
   * 8x8 documents "Respond HTTP 200" for VSS and VCS, not what it does with another answer
   * (inferred: nothing the caller meets, the session being over); a non-2xx (a 404 above all) means
   * the app lacks the route: a warning by default (rule 8x8/final-callback-answered, doc, at warn).
   */
  #unanswered(name: string, { request, response }: Exchange): void {
    // The option that sets the path, and turns the webhook off: a subaccount may have no VSS or VCS webhook (audit-111 8).
    const option = name === 'SESSION_SUMMARY' ? 'vssPath' : 'vcsPath'
    const why =
      response.status === 404
        ? `a 404 means the app has no route for ${name} at ${request.url} (is the path right? vendor.${option} sets it; if your subaccount has no such webhook, tell callspec with vendor: { ${option}: null })`
        : `the app did not take it${errorPageInline(response)}`
    const problem = `the app answered ${name} with HTTP ${response.status}, where 8x8 documents "Respond HTTP 200" (what 8x8 does with another answer is not documented: callspec infers it changes nothing, the session being over): ${why}`
    if (this.ctx.breaks('8x8/final-callback-answered', problem)) {
      throw new CallspecError(`${ruleFailure('8x8', this.ctx.rules, '8x8/final-callback-answered', problem)}\n${describeExchange(request, response)}`)
    }
  }

  #deliver(name: string, summary: string, body: unknown, target: string): Promise<Exchange> {
    // Built field by field, not spread: this runs on every webhook, and object spread was a hot spot in profiles.
    return this.ctx.deliver({ name, summary, body, target, headers: this.headers })
  }
}

const isOk = (status: number) => status >= 200 && status < 300
