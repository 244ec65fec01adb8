/**
 * An app that reads APP_ID and APP_KEY from environment variables the test did not set sends an
 * empty pair (axios's `auth: { username: undefined }` sends `Basic Og==`, ":"). The failure said
 * "HTTP 401 (Basic auth with APP_ID:APP_KEY)" and the msg "invalid APP_ID or APP_KEY", which a
 * newcomer read as a wrong key (helper-188). It now says the pair is empty and where to set it.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp, restClient } from './apps.js'

const ENV_HINT =
  "an app that reads them from environment variables needs them set in the test (test.env in vitest.config.ts, which is set before the app's module loads); callspec accepts any non-empty pair unless vendor: { appId, appKey } names one"

describe('credentials the app sent empty', () => {
  it('on a call route: the failure says they are empty and where to set them', async () => {
    const app = enablexApp((event, api) => api.call('PUT', `/call/${event.voice_id}/accept`), { appId: '', appKey: '' })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
    expect(error.message.split('\n')[0]).toMatch(
      /^\[callspec\] turn 1, expectAction\('accept'\): EnableX refused the app's PUT \/voice\/v1\/call\/[^ ]+\/accept: HTTP 401 \(Basic auth with APP_ID:APP_KEY\): its APP_ID and APP_KEY are empty \(the Authorization header decodes to ":"\): /,
    )
    expect(error.message.split('\n')[0]).toContain(ENV_HINT)
  })

  it('an empty APP_KEY alone is named, the key not shown', async () => {
    const app = enablexApp((event, api) => api.call('PUT', `/call/${event.voice_id}/accept`), { appId: 'acme', appKey: '' })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
    expect(error.message.split('\n')[0]).toContain('HTTP 401 (Basic auth with APP_ID:APP_KEY): its APP_KEY is empty (the Authorization header decodes to "acme:"): ')
  })

  it('a pair other than vendor: { appId } names says which part differs', async () => {
    const app = enablexApp((event, api) => api.call('PUT', `/call/${event.voice_id}/accept`), { appId: 'acme-dev', appKey: 'k' })
    const error = await failureOf(callTo(app, { platform: 'enablex', vendor: { appId: 'acme', appKey: 'k' } }).expectAction('accept'))
    expect(error.message.split('\n')[0]).toMatch(/HTTP 401 \(Basic auth with APP_ID:APP_KEY\): its APP_ID "acme-dev" is not vendor\.appId "acme" \(rule enablex\/credentials\)\.$/)
  })

  it('credentials with no colon are said as no pair, the decoded secret not shown (helper-190)', async () => {
    const authorization = `Basic ${Buffer.from('s3cret-key').toString('base64')}`
    const app = enablexApp((event) => fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, { method: 'PUT', headers: { authorization } }))
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
    expect(error.message.split('\n')[0]).toMatch(
      /HTTP 401 \(Basic auth with APP_ID:APP_KEY\): its Basic credentials decode to no APP_ID:APP_KEY pair \(no colon in them\): EnableX takes Authorization: Basic base64\(APP_ID:APP_KEY\) \(rule enablex\/credentials\)\.$/,
    )
    expect(error.message).not.toContain('s3cret-key')
  })

  it('on a make-call: the failure says so after the answer', async () => {
    const rest = restClient({ appId: '', appKey: '' })
    const trigger = () => rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' })
    const error = await failureOf(callTo(enablexApp(() => {}), { platform: 'enablex' }).startedBy(trigger).expectAction('make-call'))
    expect(error.message).toMatch(
      /EnableX rejected the app's make-call request: HTTP 401 \{[^\n]+\} \(this 401 and its msg are callspec's: EnableX documents no answer for bad credentials\): its APP_ID and APP_KEY are empty \(the Authorization header decodes to ":"\): /,
    )
    // The answer's msg and callspec's reason agree: an empty pair is a pair, not "no pair" (it read both: audit h190).
    expect(error.message).toContain('"msg":"Unauthorized: invalid APP_ID or APP_KEY",')
    expect(error.message).not.toContain('no APP_ID:APP_KEY pair')
    expect(error.message).toContain(ENV_HINT)
    // Listed under its rule, enablex/credentials, as every rule's failure is (it named none: h203).
    expect(error.message).toContain(
      "\n✖ Unauthorized: invalid APP_ID or APP_KEY\n  → rule enablex/credentials (EnableX docs: Voice API overview, Authorization: Basic base64(APP_ID:APP_KEY) (the 401 and its msg are callspec's))\nRequest body: ",
    )
  })
})
