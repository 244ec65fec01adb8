/**
 * Newcomer audit finding N11: `expectAction('say')` on a Webex Connect call listed Webex Connect's
 * actions and left the reader to see that `say` is 8x8's. A JavaScript test has no type to catch
 * it: the step's failure says whose action it is, and asks whether `platform` is right.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'

const app = answering({ action: 'PLAY', audio: [tts('Welcome.')] })
/** The chain as a JavaScript test holds it: any name goes. */
const untyped = (platform: 'webex-connect' | 'enablex') => callTo(app, { platform }) as unknown as { expectAction(name: string): PromiseLike<unknown> }

describe("expectAction() naming another platform's action", () => {
  it("names the platform whose action it is (8x8's say on Webex Connect)", async () => {
    // Before: expectAction("say"): webex-connect has no action "say". Its actions: ANSWER, …
    await expect(async () => await untyped('webex-connect').expectAction('say')).rejects.toThrow(
      `[callspec] expectAction("say"): webex-connect has no action "say" ('say' is an 8x8 action: is 'platform' right?). Its actions: ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT.`,
    )
  })

  it('names every platform that has it', async () => {
    await expect(async () => await untyped('enablex').expectAction('RECORD')).rejects.toThrow(
      `[callspec] expectAction("RECORD"): enablex has no action "RECORD" ('RECORD' is a webex-connect and voxology action: is 'platform' right?). Its actions:`,
    )
  })

  it("a near miss of the platform's own still wins (play for PLAY), as a slip is likelier than another platform", async () => {
    await expect(async () => await untyped('webex-connect').expectAction('play')).rejects.toThrow(
      `[callspec] expectAction("play"): webex-connect has no action "play". Did you mean 'PLAY'? Its actions:`,
    )
  })

  it('a name no platform has gets no such question', async () => {
    await expect(async () => await untyped('webex-connect').expectAction('PLAYY')).rejects.toThrow(
      `[callspec] expectAction("PLAYY"): webex-connect has no action "PLAYY". Did you mean 'PLAY'? Its actions:`,
    )
  })
})
