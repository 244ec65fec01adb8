/**
 * A wait that fails lists what the fake vendor API received instead: a request for the wrong
 * call id, to a route the fake does not know, answered with the fake's answer.
 */
import { pbkdf2 } from 'node:crypto'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { callTo, startPlatform } from '../../src/index.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { webexApp } from '../helpers/webex-apps.js'
import { contained, failureOf } from './harness.js'

const hash = promisify(pbkdf2)

// Each case holds its own, tighter bound on time; this only keeps a loaded runner from cutting it short.
vi.setConfig({ testTimeout: 20_000 })

// The file's first call loads the EnableX driver and the fake clock: not part of the failure's wait
// the first case bounds (on a loaded runner it took the case past 1.5 s on its own).
beforeAll(async () => {
  await callTo(
    enablexApp(async (event, rest) => {
      if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
    }),
    { platform: 'enablex', warnings: 'silent' },
  ).expectAction('accept')
})

describe('"waited … and it never came" says what came instead', () => {
  it('EnableX, in-process: the app accepts the wrong voice_id (404 from the fake)', async () => {
    await contained(3_000, async () => {
      const app = enablexApp(async (event, rest) => {
        if (event.state === 'incomingcall') await rest.call('PUT', '/call/not-the-voice-id/accept')
      })
      // No short bound given: a refused request followed by a quiet app fails at once, not after limits.appTimeoutMs.
      const started = performance.now()
      const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
      expect(performance.now() - started).toBeLessThan(1_500)
      expect(error.message).toContain(
        `turn 1, expectAction('accept'): the app's next REST request to EnableX after the "incomingcall" event (turn 1) never came: callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below), and the app went quiet after it (no request in flight, no timer, no I/O callspec can see).`,
      )
      expect(error.message).toContain('What the fake vendor API received instead, since this call started:')
      expect(error.message).toMatch(
        /• PUT https:\/\/api\.enablex\.io\/voice\/v1\/call\/not-the-voice-id\/accept → HTTP 404 \{"voice_id":"not-the-voice-id","result":404,"msg":"Call not found","state":"failed"\} \(no call in progress has this id or route; EnableX documents no answer for a voice_id no call in progress has: this 404 and its msg are callspec's \(rule enablex\/undocumented-errors\)\)/,
      )
      expect(error.message).toContain('Check the call id, path, method and credentials the app uses')
      // A late request of an earlier test's app (its timer, under isolate: false) lands here too.
      expect(error.message).toContain("or from an earlier test's app still at work after its call ended)")
    })
  })

  it('EnableX, in-process: a request about a call that has ended is listed apart, and the wait is not cut short by it', async () => {
    await contained(4_000, async () => {
      let endedId = ''
      const first = enablexApp(async (event, rest) => {
        if (event.state !== 'incomingcall') return
        endedId = event.voice_id
        await rest.call('PUT', `/call/${event.voice_id}/accept`)
      })
      await callTo(first, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
      // As an earlier test's app at work after its call ended would (its timer, under isolate: false).
      const late = enablexApp(async (event, rest) => {
        if (event.state === 'incomingcall') await rest.call('PUT', `/call/${endedId}/accept`)
      })
      const started = performance.now()
      const error = await failureOf(callTo(late, { platform: 'enablex', limits: { appTimeoutMs: 600 } }).expectAction('accept'))
      // Not "the platform refused the app's request, and the app went quiet": that request was not this call's.
      expect(performance.now() - started).toBeGreaterThan(550)
      expect(error.message).not.toContain("the platform refused the app's request")
      expect(error.message).not.toContain('What the fake vendor API received instead')
      expect(error.message).toContain("The fake vendor API also received requests about calls that had already ended, since this call started (not this call's):")
      expect(error.message).toContain(`• PUT https://api.enablex.io/voice/v1/call/${endedId}/accept → HTTP 404 {"voice_id":"${endedId}","result":404,"msg":"Call not found","state":"failed"}\n`)
      expect(error.message).toContain("or from this call's app using an id it kept from an earlier call.")
    })
  })

  it('EnableX, in-process: a POST where the route takes PUT (405), and a transfer before any bridge (409): each says why', async () => {
    await contained(3_000, async () => {
      const wrongMethod = enablexApp(async (event, rest) => {
        if (event.state === 'incomingcall') await rest.call('POST', `/call/${event.voice_id}/accept`)
      })
      const started = performance.now()
      const refused = await failureOf(callTo(wrongMethod, { platform: 'enablex' }).expectAction('accept'))
      expect(refused.message).toMatch(/• POST https:\/\/api\.enablex\.io\/voice\/v1\/call\/[^/]+\/accept → HTTP 405 .* \(this route takes another method; EnableX documents no answer for a path or method it has no route for: this status and msg are callspec's; rule enablex\/routes\)\n/)
      expect(refused.message).toContain('Check the call id, path, method and credentials the app uses')

      const playsFirst = enablexApp(async (event, rest) => {
        if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/transfer`, { from: '14155550199', transfer_to: '14155550142' })
      })
      const early = await failureOf(callTo(playsFirst, { platform: 'enablex', warnings: 'silent' }).expectAction('accept'))
      expect(performance.now() - started).toBeLessThan(1_500)
      expect(early.message).toMatch(/• PUT https:\/\/api\.enablex\.io\/voice\/v1\/call\/[^/]+\/transfer → HTTP 409 .* \(the call was not in a state to take it\)\n/)
      expect(early.message).toContain("The call was not in a state to take them: check the order of the app's requests, and what each needs done first (the platform's answer says).")
    })
  })

  it('EnableX, in-process: an app that expects a refusal (an optional lookup) and carries on after thread-pool work is not failed early', async () => {
    await contained(4_000, async () => {
      const app = enablexApp(async (event, rest) => {
        if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
        if (event.state === 'connected') {
          await rest.call('GET', `/call/${event.voice_id}/recording`) // refused; the app does not mind
          await hash('1234', 'salt', 60_000, 32, 'sha256') // Node's thread pool: no handle shows it
          return rest.call('PUT', `/call/${event.voice_id}/play`, { text: 'Welcome.', voice: 'female', language: 'en-US' })
        }
        return undefined
      })
      // Heard once it plays a while: a prompt cut off as it begins (by the test's hang-up) is not heard.
      const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').staySilent(1_000)
      expect(call).toHavePlayed('Welcome.')
    })
  })

  it('EnableX, by URL: a request to a route the fake does not know', async () => {
    await contained(3_000, async () => {
      const platform = await startPlatform('enablex')
      try {
        const app = enablexApp(
          async (event, rest) => {
            if (event.state === 'incomingcall') await rest.call('PUT', `/calls/${event.voice_id}/accept`)
          },
          { base: () => platform.url },
        )
        const error = await failureOf(callTo(app, { platform: 'enablex', api: platform, limits: { appTimeoutMs: 2_000 } }).expectAction('accept'))
        expect(error.message).toContain(
          "never came: callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below), and the app went quiet after it (no request in flight, no timer, no I/O callspec can see).\nWhat the fake vendor API received instead",
        )
        expect(error.message).toMatch(/• PUT http:\/\/127\.0\.0\.1:\d+\/voice\/v1\/calls\/[^/]+\/accept → HTTP 404 \{"result":404,"msg":"Route not found: PUT \/voice\/v1\/calls\/[^"]+\/accept \(callspec: the v1 routes are \/voice\/v1\/call\/\{voice_id\}\/…, singular \\"call\\"\)","state":"failed"\}/)
      } finally {
        await platform.close()
      }
    })
  })

  // appTimeoutMs 2 s, here and for EnableX above: the app's going quiet after the refusal is told in ~0.5 s
  // idle; at load 7 a 300 ms limit ran out first, and the failure was the plain wait's.
  it('webex-connect outbound: a make-call to the wrong path, while the call waits for it', async () => {
    await contained(3_000, async () => {
      const error = await failureOf(
        callTo(webexApp(() => ({ action: 'HANGUP' })), { platform: 'webex-connect', limits: { appTimeoutMs: 2_000 } })
          .startedBy(async () => {
            await fetch('https://api.us.webexconnect.io/v1/voice/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
          })
          .toNumber('+14155550123')
          .expectAction('PLAY'),
      )
      expect(error.message).toContain("the app's make-call request (POST /v1/voice/calls) never came: callspec's fake API refused the app's request, with an answer of callspec's own")
      expect(error.message).toMatch(/• POST https:\/\/[^ ]+\/v1\/voice\/call → HTTP 40\d/)
    })
  })

  it('says nothing more when nothing came at all', async () => {
    await contained(3_000, async () => {
      const app = enablexApp(async () => {})
      const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 200 } }).expectAction('accept'))
      expect(error.message).toContain('and it never came.')
      expect(error.message).not.toContain('What the fake vendor API received instead')
    })
  })
})
