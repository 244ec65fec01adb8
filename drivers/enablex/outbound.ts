import type { CallContext, PartyBehaviour } from '../../src/driver/index.js'
import { CallspecError } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { Phase } from './commands.js'
import { plain } from './events.js'
import type { Play } from './media/play.js'
import { EnableXApi, type ApiCallHandle } from './rest-api.js'
import type { ActionOnConnect, PlayRequest } from './schemas.js'

/** The call, as the callee's phone sees it. */
export interface Dialling {
  readonly ctx: CallContext
  readonly phase: Phase
  answered(): void
  send(fields: Record<string, unknown>): Promise<void>
  /** The callee's side ends the call: `disconnected` with `reason`. */
  disconnect(by: 'callee', reason: string, why: string): Promise<void>
  startPlay(play: PlayRequest): Play
  startBridge(from: string, to: string): void
}

/**
 * Waits for the app's make-call request (EnableX's Voice API Routes, Make Call); it must dial the
 * number the test expects.
 */
export async function awaitMakeCall(ctx: CallContext, call: ApiCallHandle, expectTo: string | undefined): Promise<void> {
  const waiting = EnableXApi.expectMakeCall(call, expectTo, ctx.triggerRecord)
  EnableXApi.touch()
  await ctx.startTrigger()
  const { request } = await ctx.waitForApp(waiting.claimed, "the app's make-call request (POST /voice/v1/call)").finally(() => waiting.cancel())
  await ctx.awaitTrigger()
  if (expectTo && plain(request.to) !== plain(expectTo)) {
    throw new CallspecError(`the app dialled ${request.to}, but the test expects toNumber('${expectTo}').`)
  }
}

/**
 * The callee's phone once make-call is accepted (EnableX's Voice API Routes, Make Call): `ringing`,
 * then busy or no answer (`disconnected`), or an answer: `connected`, with action_on_connect run as
 * the callee picks up. `numbers` are the make-call's, as the app wrote them. [inferred timings]
 */
export function dialCallee(call: Dialling, behaviour: PartyBehaviour, then: ActionOnConnect | undefined, numbers: { from: string; to: string }): void {
  const { ctx } = call
  const { clock } = ctx
  if (behaviour === 'busy') {
    clock.setTimer(BEHAVIOUR.busyAfterMs, 'callee busy', () => call.disconnect('callee', BEHAVIOUR.reasons.busy, 'line busy'))
    return
  }
  // Not once the call is over (hung up or ended by the test before the phone rang): nothing comes after `disconnected` (audit-112 F2).
  clock.setTimer(BEHAVIOUR.ringingAfterMs, 'ringing', async () => {
    if (call.phase === 'dialing') await call.send({ state: 'ringing', from: numbers.from, to: numbers.to })
  })
  if (behaviour === 'no-answer') {
    clock.setTimer(BEHAVIOUR.noAnswerAfterMs, 'no answer', () => call.disconnect('callee', BEHAVIOUR.reasons.noAnswer, 'no answer'))
    return
  }
  clock.setTimer(BEHAVIOUR.outboundAnswerAfterMs, 'callee answers', async () => {
    if (call.phase !== 'dialing') return
    call.answered()
    if (behaviour === 'voicemail') ctx.note('voicemail picks up (EnableX has no answering-machine detection)')
    if (typeof behaviour === 'object') clock.setTimer(behaviour.hangsUpAfterMs, 'callee hangs up', () => call.disconnect('callee', BEHAVIOUR.reasons.normal, 'the called person hung up'))
    // action_on_connect runs as the callee picks up; the app hears of both through events.
    const connected: Record<string, unknown> = { state: 'connected', from: numbers.from, to: numbers.to }
    if (then && 'play' in then) call.startPlay(then.play)
    if (then && 'connect' in then) call.startBridge(then.connect.from, then.connect.to)
    if (then && 'room' in then) {
      // An empty or blank room_id (allowed at warn, rule enablex/empty-name) names no room: the most
      // plausible outcome on EnableX is that the callee joins none, so connected carries no room_id.
      if (then.room.room_id.trim() === '') ctx.note('action_on_connect.room has an empty room_id: the callee joins no room')
      else {
        ctx.note(`the callee joins video room ${then.room.room_id}`)
        connected.room_id = then.room.room_id
      }
    }
    await call.send(connected)
  })
}
