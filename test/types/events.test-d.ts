/**
 * Type tests, checked by `tsc` (npm run typecheck): call.event() is typed per platform, as
 * expectAction is (audit-f #7). Its webhook names autocomplete, another name is a type error, and
 * the body has its fields' types.
 */
import { expectTypeOf, test } from 'vitest'
import { callTo, type CallResult } from '../../src/index.js'

declare const app: (req: unknown, res: unknown) => void

test("webex-connect: the events' names, and each body typed by its event", async () => {
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
  type Names = Parameters<typeof call.event>[0]
  expectTypeOf<Names>().toEqualTypeOf<
    'ACCEPTED' | 'ANSWERED' | 'DROPPED' | 'PLAYED' | 'STREAMED' | 'RECORDED' | 'PATCHED' | 'COLLECTED_DIGITS' | 'VMDETECTED' | 'FAILURE'
  >()
  const collected = call.event('COLLECTED_DIGITS')
  expectTypeOf(collected.digitsReceived).toEqualTypeOf<string>()
  expectTypeOf(collected.event).toEqualTypeOf<'COLLECTED_DIGITS'>()
  expectTypeOf(call.event('DROPPED', 2).droppedBy).toEqualTypeOf<'CALLER' | 'CALLEE' | undefined>()
  // @ts-expect-error the event is COLLECTED_DIGITS (a typo is caught before the test runs)
  call.event('COLLECTED_DIGIT')
  // @ts-expect-error not a Webex Connect event: 8x8's
  call.event('CALL_ACTION')
})

test('8x8, EnableX and Voxology: their own webhook names and bodies', async () => {
  const e8 = await callTo(app, { platform: '8x8' }).expectAction('say')
  expectTypeOf<Parameters<typeof e8.event>[0]>().toEqualTypeOf<'CALL_ACTION' | 'CALL_STATUS' | 'SESSION_SUMMARY'>()
  expectTypeOf(e8.event('CALL_ACTION').eventType).toEqualTypeOf<'CALL_ACTION'>()
  // @ts-expect-error Webex Connect's, not 8x8's
  e8.event('ACCEPTED')

  const enx = await callTo(app, { platform: 'enablex' }).expectAction('accept')
  expectTypeOf(enx.event('digitcollected').playstate).toEqualTypeOf<'digitcollected'>()
  // The keys as callspec sends them: a string in both fields (audit h199: `string | number | undefined`).
  expectTypeOf(enx.event('digitcollected').digit).toEqualTypeOf<string>()
  expectTypeOf(enx.event('digitcollected').digits).toEqualTypeOf<string>()
  expectTypeOf(enx.event('playfinished').prompt_ref).toEqualTypeOf<string | undefined>()
  expectTypeOf(enx.event('connected').state).toEqualTypeOf<'connected'>()
  // 'failed' is a call's, a play's or a bridge's
  expectTypeOf<'failed'>().toMatchTypeOf<Parameters<typeof enx.event>[0]>()
  // @ts-expect-error EnableX's events are lowercase
  enx.event('CONNECTED')

  const vox = await callTo(app, { platform: 'voxology' }).expectAction('SAY')
  expectTypeOf<Parameters<typeof vox.event>[0]>().toEqualTypeOf<'init_call' | 'redirect' | 'script_end' | 'call_end'>()
  expectTypeOf(vox.event('init_call').caller_no).toEqualTypeOf<string>()
  // @ts-expect-error no such callback
  vox.event('init')
})

test('a CallResult of no known platform takes any name, and gives a plain record', () => {
  const call = {} as CallResult
  expectTypeOf(call.event('anything')).toEqualTypeOf<Record<string, unknown>>()
})

test("a misspelt field of an event's body is a type error on every platform; its real fields keep their types", async () => {
  // The schemas are loose (a field a vendor adds is no error where callspec reads its payloads),
  // which typed any other name as `unknown` here: `.calerId` compiled, and read undefined.
  const webex = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER')
  // @ts-expect-error callerId: "Property 'calerId' does not exist … Did you mean 'callerId'?"
  void webex.event('ANSWERED').calerId
  expectTypeOf(webex.event('ANSWERED').callerId).toEqualTypeOf<string>()
  expectTypeOf<keyof ReturnType<typeof webex.event<'ACCEPTED'>>>().toEqualTypeOf<
    'event' | 'callerId' | 'dialedNumber' | 'offeredTime' | 'eventTime' | 'sessionId' | 'correlationId'
  >()

  const e8 = await callTo(app, { platform: '8x8' }).expectAction('say')
  // @ts-expect-error nested too: the payload's eventData has dtmf
  void e8.event('CALL_ACTION').payload.eventData?.dtmff
  expectTypeOf(e8.event('CALL_ACTION').payload.eventData?.dtmf).toEqualTypeOf<string | null | undefined>()

  const enx = await callTo(app, { platform: 'enablex' }).expectAction('accept')
  // @ts-expect-error voice_id
  void enx.event('connected').voiceId
  expectTypeOf(enx.event('connected').voice_id).toEqualTypeOf<string>()

  const vox = await callTo(app, { platform: 'voxology' }).expectAction('SAY')
  // @ts-expect-error caller_no
  void vox.event('init_call').caller_number
  // The location fields are named (they were an index signature, so none of them autocompleted).
  expectTypeOf(vox.event('init_call').caller_no_city).toEqualTypeOf<string | undefined>()
  // A field that is a record by design stays one.
  expectTypeOf(vox.event('init_call').session_data).toEqualTypeOf<Record<string, unknown> | null>()
})
