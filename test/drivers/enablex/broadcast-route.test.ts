import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { restClient } from './apps.js'

/**
 * EnableX's voice-broadcast-ivr-bridge sample starts its calls with POST /voice/v1/broadcast, a
 * route EnableX has and callspec does not simulate. Measured before: the answer was a bare
 * "Route not found", and the failure told the user to check the app's call id, path, method and
 * credentials, as if the sample's path were wrong.
 */
describe("EnableX's broadcast route, which callspec does not simulate", () => {
  it('is answered 404 saying so, and the failure lists it as callspec\'s limit, not the app\'s mistake', async () => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.post('/broadcast-call', async (_req, res) => {
      const recipients = [{ to: '14155550100', play: { text: 'Welcome.', voice: 'female', language: 'en-US', prompt_ref: 'welcome_prompt' } }]
      const answer = await rest.call('POST', '/broadcast', { name: 'TEST_APP', from: '14155550199', recipients, event_url: 'https://app.example/event' })
      res.status(200).json(answer.body)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 500 } }).startedBy((a) => a.fetch('/broadcast-call', { method: 'POST', body: {} })).expectAction('make-call'))
    expect(rest.answers[0]).toMatchObject({ status: 404, body: { msg: expect.stringMatching(/^Route not found: POST \/voice\/v1\/broadcast \(callspec: EnableX's broadcast API is not simulated; start each call with POST \/voice\/v1\/call\)$/) } })
    expect(error.message).toMatch(/• POST https:\/\/api\.enablex\.io\/voice\/v1\/broadcast → HTTP 404 .*start each call with POST \/voice\/v1\/call\)","state":"failed"\} \(a route of the vendor's that callspec does not simulate; this status and msg are callspec's, not EnableX's answer\)\n/)
    expect(error.message).toMatch(/\nThe app's path is the vendor's: callspec does not simulate that route, so a test cannot drive the app through it \(its answer says which route callspec plays instead\)\.\n/)
    expect(error.message).not.toMatch(/Check the call id, path, method and credentials/)
  })
})
