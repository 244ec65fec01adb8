/**
 * Run by ../app-crashes.test.ts in a vitest of its own: a timer the first test's app leaves
 * pending throws once it is back on real time, while the second test's call waits on real work.
 * The throw is uncaught (as in production), so this run reports it; the parent asserts the output.
 */
import { execFile } from 'node:child_process'
import { expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { sendAction, webexApp } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect', warnings: 'silent' } as const

it('HB-first: the app answers, hangs up, and leaves a timer that throws 300 ms later', async () => {
  const app = webexApp((event) => {
    if (event.event !== 'ACCEPTED') return { action: 'HANGUP' }
    setTimeout(() => {
      throw new Error('late boom from the first app')
    }, 300)
    return { action: 'ANSWER' }
  })
  await callTo(app, W).expectAction('ANSWER').expectAction('HANGUP')
})

it("HB-next: another app's call, waiting on real work meanwhile, is not blamed for it", async () => {
  // Answers ACCEPTED after 800 ms of a process of its own (real time: the first app's timer fires meanwhile).
  const app = webexApp((event) => (res: import('node:http').ServerResponse) => {
    if (event.event !== 'ACCEPTED') return sendAction(res, { action: 'HANGUP' })
    execFile(process.execPath, ['-e', 'setTimeout(() => {}, 800)'], () => sendAction(res, { action: 'ANSWER' }))
  })
  const call = await callTo(app, W).expectAction('ANSWER').expectAction('HANGUP')
  expect(call.events[0]).toBe('ACCEPTED')
})
