/**
 * An action name that is the start of the platform's (`record` for EnableX's `recording`), or
 * that begins with one (`hangupCall`): the refusal listed the names with no did-you-mean
 * (helper-188), where a letter off got one. The call-level matcher says the same after a real call.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { accepting, tts } from '../drivers/enablex/apps.js'

const app = accepting(tts('Welcome.', { prompt_ref: 'menu' }))
/** The chain as a JavaScript test holds it: any name goes. */
const untyped = () => callTo(app, { platform: 'enablex' }) as unknown as { expectAction(name: string): PromiseLike<unknown> }

describe('an action name a word short or long of the platform’s', () => {
  it("expectAction('record') on EnableX names recording", async () => {
    await expect(async () => await untyped().expectAction('record')).rejects.toThrow(
      `[callspec] expectAction("record"): enablex has no action "record". Did you mean 'recording'? Its actions: make-call, accept, play, connect, transfer, forward, hold, recording, hangup.`,
    )
  })

  it("expectAction('hangupCall') names hangup", async () => {
    await expect(async () => await untyped().expectAction('hangupCall')).rejects.toThrow(`Did you mean 'hangup'?`)
  })

  it("toHaveAction('record') after a call over HTTP names recording", async () => {
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').hangUp()
    expect(() => expect(call).not.toHaveAction('record' as 'recording')).toThrow(
      `[callspec] toHaveAction('record'): enablex has no action "record". Did you mean 'recording'? Its actions:`,
    )
  })

  it("another platform's name still says whose it is (RECORD)", async () => {
    await expect(async () => await untyped().expectAction('RECORD')).rejects.toThrow(`('RECORD' is a webex-connect and voxology action: is 'platform' right?). Its actions:`)
  })
})
