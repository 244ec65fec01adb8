/**
 * helper-178: a heartbeat (`setInterval`, or a cron job's next tick on the call's clock) beside a
 * lookup the app runs as a child process that takes longer than the 2 s callspec holds time for
 * it. Past those 2 s the child holds no time, and the heartbeat's ticks fired as fast as they came:
 * the call's clock ran to 60 s, and the app's answer to ANSWERED, which came when the child was
 * done (2.5 s of real time), read "59.8 s (virtual) after it was sent, held back by its own timer",
 * where production answers at about 2.7 s. A request to another process past its 2 s already kept
 * the timers to real time's pace (audit-116); a child still at work now does too.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { greetsBesideHeartbeat } from '../helpers/webex-apps.js'

const run = promisify(execFile)

describe('a heartbeat beside a child process past the 2 s callspec holds time for it (helper-178)', () => {
  it('a 1 s heartbeat beside `sleep 2.5`: the greeting comes at about 2.7 s, as in production, with no warning', async () => {
    const { app, beats } = greetsBesideHeartbeat(1_000, async () => {
      await run('sleep', ['2.5'])
      return 'Hello Ann.'
    })
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello Ann.')
    expect(call.warnings).toEqual([])
    const play = call.actions.find((a) => a.name === 'PLAY')!
    expect(play.at).toBeGreaterThanOrEqual(2_400)
    expect(play.at).toBeLessThan(3_500)
    expect(beats()).toBeLessThanOrEqual(3)
  }, 15_000)
})
