/**
 * An `AbortSignal.timeout()` of the app's runs down with the real time the app holds the call's
 * clock on real I/O (its bound on that wait, as in production): before, the lookup held the call's
 * time until it answered, and a 350 ms lookup beat a 150 ms signal.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'
import { withoutNock } from '../helpers/without-nock.js'
import { slowCrmInThisProcess } from '../helpers/slow-crm.js'

withoutNock()

/** A CRM in this process answering after 350 ms of real time. */
const crm = slowCrmInThisProcess(350)

/** Greets the caller with the CRM's name, fetched under AbortSignal.timeout(`ms`), or the error's name. */
const greeter = (ms: number) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED')
      return (res: ServerResponse) =>
        void fetch(crm.url(), { signal: AbortSignal.timeout(ms) })
          .then(async (r) => `Hello ${((await r.json()) as { name: string }).name}.`, (error: Error) => error.name)
          .then((text) => sendAction(res, { action: 'PLAY', audio: [tts(text)] }))
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

const call = (ms: number) => callTo(greeter(ms), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

describe('an AbortSignal.timeout() against a lookup in real time', () => {
  it('a 150 ms signal aborts a 350 ms lookup, as in production', async () => {
    expect(await call(150)).toHavePlayed('TimeoutError')
  })

  it('a 1 s signal lets a 350 ms lookup answer', async () => {
    expect(await call(1_000)).toHavePlayed('Hello Ada.')
  })
})
