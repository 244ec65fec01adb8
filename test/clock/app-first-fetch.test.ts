/**
 * An app's first requests with the global fetch() in a test process (a file of its own: the
 * first fetch of the process is the case). Measured before (helper-20): fetch's first connection
 * writes its request a turn after it connects, callspec's look saw a connection with nothing to
 * await, and the app's own 1 s timer fired before the four 300 ms lookups it was waiting on.
 */
import type { ServerResponse } from 'node:http'
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

// An internal API in a process of its own, answering in 100 ms.
const SERVICE = `require('node:http').createServer((req, res) => setTimeout(() => res.end('ok'), 100)).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`
const service = serviceProcess(SERVICE)

/** On ANSWERED: two lookups in a row, with its own 1 s give-up timer set first. */
const app = () =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event !== 'ANSWERED') return undefined
    return (res: ServerResponse) => {
      let done = false
      const answer = (action: object) => {
        if (done) return
        done = true
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(action))
      }
      setTimeout(() => answer({ action: 'HANGUP' }), 1_000)
      void (async () => {
        for (const path of ['/account', '/balance']) await (await fetch(`http://127.0.0.1:${service.port()}${path}`)).text()
        answer({ action: 'PLAY', audio: [tts('Your balance is 5 dollars.')] })
      })()
    }
  })

it("the app's first global fetch() in the process, two lookups in a row: its 1 s give-up timer waits for them", async () => {
  const call = await callTo(app(), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY')
  expect(call.actions[1]!.summary).toBe('TTS "Your balance is 5 dollars."')
})
