import type { CallContext, CallSetup } from '../../src/driver/index.js'
import { CallspecError } from '../../src/driver/index.js'
import type { EightByEightOptions } from './behaviour.js'
import { MSISDN, toE164 } from './check-callflow.js'
import type { ApiCallHandle, CallflowClaim, EightByEightApi } from './rest-api.js'
import type { Action, MakeCallAction } from './schemas.js'

/** What an outbound session starts from: the app's accepted Send Callflow request. */
export interface SentCallflow {
  /** From the request's path: the webhooks carry it. */
  subAccountId: string
  callflow: Action[]
  /** `validUntil`, when the request set one. */
  validity?: Validity
}

/**
 * Outbound: waits for the app's Send Callflow request (8x8's Send Callflow reference; 8x8's IVR and
 * voice messaging guides), checks that it dials the number the test expects, and sets the call's
 * parties from its first makeCall.
 */
export async function awaitSendCallflow(
  ctx: CallContext,
  setup: CallSetup<EightByEightOptions>,
  api: EightByEightApi | undefined,
  call: ApiCallHandle,
): Promise<SentCallflow> {
  if (!api) throw new CallspecError('an outbound 8x8 session needs the fake REST API (the api option).')
  // The number the test gave with toNumber(), in the E.164 form 8x8 compares (with or without '+').
  const given = setup.dialled
  const expectTo = given !== undefined && MSISDN.test(given) ? toE164(given) : undefined
  const waiting = api.expectCallflow(call, expectTo, ctx.triggerRecord)
  await ctx.startTrigger()
  const claim: CallflowClaim = await ctx
    .waitForApp(waiting.claimed, "the app's Send Callflow request (POST /api/v1/subaccounts/{subAccountId}/callflows)")
    .finally(() => waiting.cancel())
  await ctx.awaitTrigger()
  const first = claim.request.callflow[0] as MakeCallAction
  const to = toE164(first.params.destination)
  if (expectTo && to !== expectTo) throw new CallspecError(`the app's callflow dials ${to}, but the test expects toNumber('${expectTo}').`)
  ctx.setParties({ from: toE164(first.params.source), to })
  // An app that tags its Send Callflow request and routes the first VCA on that tag waits for an id
  // that never comes (audit h193: the digits of an outbound call's capture fell to the app's default
  // branch, and nothing in the failure said why).
  if (claim.request.clientActionId !== undefined) ctx.note(untaggedFirstVca(claim.request.clientActionId))
  const { validUntil } = claim.request
  return {
    subAccountId: claim.subAccountId,
    callflow: claim.request.callflow,
    validity: validUntil === undefined ? undefined : new Validity(Date.parse(validUntil), claim.receivedAt, ctx.clock.now()),
  }
}

/**
 * 8x8 documents `clientActionId` as "only supported on VCA responses": the first VCA of a session
 * started by Send Callflow carries none (callspec's reading; the request's tag is accepted, as an
 * 8x8 engineer's sample sends one).
 */
export const untaggedFirstVca = (id: string): string =>
  `clientActionId ${JSON.stringify(id)} in the Send Callflow request is not echoed: 8x8 documents clientActionId as supported on VCA answers only, so this session's first VCA carries none (tag the callflow in your answer to a VCA, or tell the call by its sessionId or callDirection)`

/**
 * A Send Callflow request's `validUntil` (-2007 once it passes before the callee answers). It is
 * on the app's wall clock: "now" is when the request arrived, moved on by the virtual time since.
 */
export class Validity {
  constructor(
    private readonly until: number,
    private readonly receivedAt: number,
    private readonly clockAt: number,
  ) {}

  /** Why the session cannot go on at virtual time `now`, if `validUntil` has passed. */
  passed(now: number): string | undefined {
    const appNow = this.receivedAt + (now - this.clockAt)
    return appNow > this.until ? `validUntil ${new Date(this.until).toISOString()} passed before the callee answered` : undefined
  }
}
