/**
 * A wait the user left to its default is fitted to the test's timeout (resolve-limits.ts): with
 * less time left than the default 4 s, callspec cuts it to end before the runner's timeout. The
 * failure used to quote the cut figure as the limit's own ("within 1038 ms
 * (limits.responseTimeoutMs)"), a figure the user never set; now it says where it came from.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { stubServer } from '../helpers/stub-server.js'
import { webexApp } from '../helpers/webex-apps.js'
import { failureOf } from './harness.js'

const silent = () => webexApp(() => () => {}) // never answers

// A CRM the EnableX app looks its caller up in: a request callspec saw, so the app is not taken for
// one that answered and sent nothing (which fails at once, test/hostile/answered-then-quiet).
const crm = stubServer((_req, res) => res.end('{}'))

describe("a default wait fitted to the test's timeout says so", () => {
  // The file's first calls load the drivers and the interception: not in the short tests' time.
  beforeAll(async () => {
    await callTo(webexApp(() => ({ action: 'ANSWER' })), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER')
    await callTo(enablexApp(async (event, api) => void (event.state === 'incomingcall' && (await api.call('PUT', `/call/${event.voice_id}/accept`)))), { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
  })

  it('limits.responseTimeoutMs: a webhook that is never answered, in a test with a 1.5 s timeout', { timeout: 1_500 }, async () => {
    const error = await failureOf(callTo(silent(), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER'))
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): no complete answer within \d+ ms \(limits\.responseTimeoutMs, 6000 ms by default, fitted to end before the test's 1\.5 s timeout\): the app never answered\.\n/,
    )
  })

  it('limits.appTimeoutMs: an EnableX app that never accepts, in a test with a 3 s timeout', { timeout: 3_000 }, async () => {
    const app = enablexApp(async () => void (await fetch(crm.url)).text())
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept'))
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('accept'\): waited \d+ ms \(limits\.appTimeoutMs, 4000 ms by default, fitted to end before the test's 3 s timeout\) for the app's next REST request to EnableX after the "incomingcall" event \(turn 1\), and it never came\.\n/,
    )
  })

  it("the user's own limit is quoted as it was set", { timeout: 5_000 }, async () => {
    const error = await failureOf(callTo(silent(), { platform: 'webex-connect', warnings: 'silent', limits: { responseTimeoutMs: 200 } }).expectAction('ANSWER'))
    expect(error.message).toContain('no complete answer within 200 ms (limits.responseTimeoutMs): the app never answered.\n')
  })
})
