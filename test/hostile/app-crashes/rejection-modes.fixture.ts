/**
 * Run by ../app-crashes.test.ts in a vitest of its own, once per `--unhandled-rejections` mode
 * (in NODE_OPTIONS, as a user sets it; CRASH_MODE says which). The app leaves a promise rejected
 * unhandled (an audit log write it never awaits) and answers 20 ms later. Under 'throw' (Node's default)
 * and 'strict', that ends the app in production; under 'warn' and 'none' the app lives on and its
 * answer reaches the platform, so the call must pass (callspec's listener used to raise the
 * rejection as an exception under every mode).
 */
import type { ServerResponse } from 'node:http'
import { expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { webexApp } from '../../helpers/webex-apps.js'

const crashes = process.env.CRASH_MODE === 'throw' || process.env.CRASH_MODE === 'strict'

it(`MODE-${process.env.CRASH_MODE}: an unhandled rejection while the app answers ${crashes ? 'fails the call' : 'leaves the call alone'}`, async () => {
  const app = webexApp(() => (res: ServerResponse) => {
    void Promise.reject(new Error('audit log down'))
    // 20 ms on the app's clock: the rejection's end of tick comes first, as in production.
    setTimeout(() => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ action: 'ANSWER' }))
    }, 20)
  })
  const outcome = await callTo(app, { platform: 'webex-connect', warnings: 'silent' })
    .expectAction('ANSWER')
    .then(
      () => 'passed',
      (error: unknown) => (error as Error).message,
    )
  if (crashes) expect(outcome).toContain(`${process.env.CRASH_MODE === 'strict' ? 'an unhandled promise rejection while the app handled the request (in production Node ends the app on one)' : "an uncaught exception while the app handled the request (in production, one of the app's crashes it)"}: Error: audit log down`)
  else expect(outcome).toBe('passed')
})
