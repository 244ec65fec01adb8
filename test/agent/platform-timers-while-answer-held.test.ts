/**
 * The callee of an outbound call hangs up while an app under callspec/agent holds its answer to
 * ANSWERED behind a 3 s timer of its own, as for the same app in the test's process
 * (test/dsl/platform-timers-while-answer-held.test.ts): the callee hangs up 1 s after answering,
 * DROPPED reaches the app then, and the late PLAY is noted, not run. Before (audit h154 G7), the
 * hang-up waited for the app's timer and the late PLAY ran.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent } from './spawn-app.js'

describe('Webex Connect: the callee hangs up while the app under the agent holds ANSWERED 3 s', () => {
  const env = appUnderAgent('webex-connect', 'test/agent/fixtures/outbound-dialer-app.mjs')

  it('hangs up 1 s after answering, and the late PLAY is not run', async () => {
    const call = await callTo(env.app.url, { platform: 'webex-connect', api: env.platform, appClock: env.agent, webhookPath: '/events', seed: 1 })
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
      .staySilent(10_000)
    const answered = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'ANSWERED')!.at
    expect(call.end).toMatchObject({ by: 'callee', at: answered + 1000 })
    expect(call.actions.map((a) => a.name)).toEqual([])
    expect(call.transcript.entries.filter((e) => e.kind === 'note').map((e) => e.text)).toContainEqual(
      expect.stringMatching(/^the app's answer to ANSWERED \(turn 1\) came at \d+\.\d s, 2\.0 s after the call ended \(the called person hung up\): too late for the call/),
    )
  }, 30_000)
})
