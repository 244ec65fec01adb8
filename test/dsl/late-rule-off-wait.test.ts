/**
 * An app by URL that answers after callspec's real-time wait, with the platform's answer-in-time
 * rule 'off' (audit h172 F9: Webex Connect documents no webhook timeout, and a user turned the
 * inferred rule off expecting callspec to wait). The rule judges lateness; the wait is
 * limits.responseTimeoutMs: the failure now says so, and a longer limit lets the answer come.
 * Over HTTP, the app on a port of this process, reached by URL.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { stubServer } from '../helpers/stub-server.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

/** ANSWERED is answered after 1.5 s of real time (a slow lookup). */
const slow = webexApp((e) => {
  if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
  if (e.event === 'ANSWERED') return (res: ServerResponse) => void setTimeout(() => sendAction(res, { action: 'PLAY', audio: [tts('Hello there')] }), 1_500)
  if (e.event === 'PLAYED') return { action: 'HANGUP' }
  return undefined
})
const server = stubServer(slow)
const call = (responseTimeoutMs: number) =>
  callTo(`${server.url}/webex/events`, { platform: 'webex-connect', rules: { 'webex-connect/answer-in-time': 'off' }, limits: { responseTimeoutMs } })
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .expectHangup()

describe("a late answer by URL with <platform>/answer-in-time 'off'", () => {
  it("fails at callspec's wait, saying the rule does not lengthen it and what does", async () => {
    const error = await failureOf(call(500))
    expect(error.message).toContain("the app had not answered within callspec's wait of 500 ms (limits.responseTimeoutMs; raise it, and the test's timeout, to wait longer).")
    expect(error.message).toContain("Rule webex-connect/answer-in-time is 'off': that stops callspec judging how late an answer comes, not its real-time wait for one, which limits.responseTimeoutMs sets.")
  })

  it('is taken within a longer limits.responseTimeoutMs', async () => {
    const result = await call(4_000)
    expect(result.prompts).toEqual(['Hello there'])
  })
})
