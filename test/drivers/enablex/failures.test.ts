import { createDecipheriv, createHash } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { decryptEvent } from '../../../drivers/enablex/index.js'
import { accepting, enablexApp, tts } from './apps.js'

const menu = tts('Press a key.', { dtmf: true, prompt_ref: 'menu' })

describe('an app that stops calling back', () => {
  it('fails within limits.appTimeoutMs, naming the last event the app was sent', async () => {
    // Answers every event with 200 but never makes the next REST request.
    const app = accepting(menu)
    const started = performance.now()
    const flow = callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 200 } }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('connect')
    await expect(flow).rejects.toThrow(
      /expectAction\('connect'\): waited 200 ms \(limits\.appTimeoutMs\) for the app's next REST request to EnableX after the "digitcollected" event \(turn 4\), and it never came\./,
    )
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('says which request the step waited for: the action\'s route, or the DELETE that hangs up (helper-132 finding 5)', async () => {
    const connect = await failureOf(
      callTo(accepting(menu), { platform: 'enablex', limits: { appTimeoutMs: 200 } }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('connect'),
    )
    expect(connect.message).toMatch(/, and it never came\.\n(.*\n)*The step waited for the app's connect request, PUT \/voice\/v1\/call\/[^/]+\/connect\.\n/)
    const byeThenNothing = accepting(tts('Goodbye.', { prompt_ref: 'bye' }))
    const hangup = await failureOf(callTo(byeThenNothing, { platform: 'enablex', limits: { appTimeoutMs: 200 } }).expectAction('accept').expectAction('play').expectHangup())
    expect(hangup.message.split('\n')[0]).toMatch(/^\[callspec\] turn 3, expectHangup\(\): waited 200 ms \(limits\.appTimeoutMs\) for the app's next REST request to EnableX after the "playfinished" event/)
    expect(hangup.message).toMatch(/\nThe step waited for the app to hang up, with DELETE \/voice\/v1\/call\/[^/]+\.\n/)
  })

  it('fails within limits.appTimeoutMs when only a heartbeat of the app runs, saying its request never came (helper-135 finding 2)', async () => {
    // Measured before: 22.5 s of real time with appTimeoutMs 1 s, stopped by the test's timeout ("is the app looping?").
    let beat: NodeJS.Timeout | undefined
    const app = enablexApp(async (event, rest) => {
      if (event.state !== 'incomingcall') return
      await rest.call('PUT', `/call/${event.voice_id}/accept`)
      beat = setInterval(() => {}, 10)
    })
    try {
      const started = performance.now()
      const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 500 } }).expectAction('accept').expectAction('play'))
      expect(performance.now() - started).toBeLessThan(3_000)
      expect(error.message.split('\n')[0]).toMatch(
        /^\[callspec\] turn 2, expectAction\('play'\): waited \d+ ms \(limits\.appTimeoutMs\) of real time for the app's next move, and it never came: only its own timers moved the call meanwhile \([\d,]+ fired, from [\d.]+ (ms|s) to [\d.]+ (s|min|h) into the call, virtual\), and nothing of the app's reached the platform\.$/,
      )
      expect(error.message).toMatch(/\nThe step waited for the app's play request, PUT or POST \/voice\/v1\/call\/[^/]+\/play\.\n/)
    } finally {
      clearInterval(beat)
    }
  })

  it('names incomingcall when the app never accepts, and says how to accept', async () => {
    const app = enablexApp(() => {})
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 100 } }).expectAction('accept'))
    expect(error.message).toMatch(/after the "incomingcall" event \(turn 1\), and it never came\.\nThe call is still ringing: an inbound call waits for the app's PUT \/voice\/v1\/call\/[^/]+\/accept \(or set vendor: \{ autoAccept: true \} for the older behaviour, where calls arrive connected\)\./)
  })

  it('says the call still rings when it runs past limits.maxVirtualMs with only an interval of the app firing (audit D7)', async () => {
    // Measured before: "the call passed 4 h of virtual time … without ending." and nothing about the accept.
    let poll: NodeJS.Timeout | undefined
    const app = enablexApp((event) => {
      if (event.state === 'incomingcall') poll = setInterval(() => {}, 10_000)
    })
    try {
      const error = await failureOf(callTo(app, { platform: 'enablex', limits: { maxVirtualMs: 120_000 } }).expectAction('accept'))
      expect(error.message).toMatch(
        /expectAction\('accept'\): the call passed 2 min of virtual time \(limits\.maxVirtualMs: 120,000 ms\) without ending\. The call is still ringing: an inbound call waits for the app's PUT \/voice\/v1\/call\/[^/]+\/accept/,
      )
    } finally {
      clearInterval(poll)
    }
  })

  it("under time: 'real', says the app's own pauses take real time and to raise limits.appTimeoutMs (audit D8)", async () => {
    // Measured before: only "an app that checks another field or spelling ignores it", for an app that was merely slow on purpose.
    const app = enablexApp(async (event, rest) => {
      if (event.state !== 'incomingcall') return
      await new Promise((resolve) => setTimeout(resolve, 400))
      await rest.call('PUT', `/call/${event.voice_id}/accept`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', time: 'real', limits: { appTimeoutMs: 100 } }).expectAction('accept'))
    expect(error.message).toContain(
      "and it never came. The call is paced by the wall clock (the time option), so the app's own pauses take real time too: if it waits that long on purpose (a delay, a poll), raise limits.appTimeoutMs.",
    )
    await new Promise((resolve) => setTimeout(resolve, 400))
  })

  it('names what the app sent to a host callspec does not answer (a wrong API base URL), by fetch and by http.request', async () => {
    // A port nothing listens on: the app's configuration points its API base URL there.
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    for (const client of ['fetch', 'http'] as const) {
      const app = accepting(menu, () => {}, { base: () => `http://127.0.0.1:${port}`, client })
      await expect(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('accept')).rejects.toThrow(
        new RegExp(
          // The request failed and the app went quiet: the call fails then, not at limits.appTimeoutMs (newcomer audit-91).
          `never came: the app's request to a host callspec does not answer failed \\(below\\), and the app went quiet after it \\(no request in flight, no timer, no I/O callspec can see\\)\\.\\n` +
            `The app's requests to hosts callspec does not answer, since this call started \\(they went to the network\\):\\n` +
            `  • PUT http://127\\.0\\.0\\.1:${port}/voice/v1/call/[0-9a-f-]+/accept → failed: [^\\n]*ECONNREFUSED[^\\n]*\\n` +
            `callspec answers the vendor API at https://api\\.enablex\\.io, https://api-qa\\.enablex\\.io: check the API base URL the app is configured with\\.`,
        ),
      )
    }
  })

  it('fails when the app answers an event with HTTP 500 (a crash in its handler), naming the rule and its source (h198: it named none)', async () => {
    const app = enablexApp(() => {}, { status: 500 })
    await expect(callTo(app, { platform: 'enablex' }).expectAction('accept')).rejects.toThrow(
      /the app answered the incomingcall event with HTTP 500(: [^\n]*)?\nThe platform expects a 2xx with any body \(EnableX ignores it: the app acts through the REST API\)\. EnableX says a call "may terminate" when a webhook answers with an error, so the call fails here \(rule enablex\/event-answered\)\.\nRule enablex\/event-answered: EnableX docs: voice architecture page, a webhook that returns an error "the call may terminate" \(the samples answer every event 200\)\.\nRequest sent: POST /,
    )
  })

  it('fails when the app drops the connection mid-call, naming the event', async () => {
    let calls = 0
    const inner = accepting(menu)
    const app = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      if (++calls === 3) return req.socket.destroy()
      return inner(req, res)
    }
    await expect(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')).rejects.toThrow(
      /no answer to playfinished/,
    )
  })
})

describe('invalid requests fail the call, with the vendor answer the app got', () => {
  it('warns of an unknown key (a typo) by default, as EnableX documents no rejection; strict answers 400 and lists the issue', async () => {
    const warned = await callTo(accepting({ ...tts('Hi.'), prompt_reff: 'x' }), { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play')
    expect(warned.warnings).toEqual([
      expect.stringMatching(
        /^turn 2: the app's play request \(PUT \/voice\/v1\/call\/[^ ]+\/play\): Unrecognized key: "prompt_reff" \(received "x"\): ignored, as callspec assumes the vendor does with keys it does not know; did you mean "prompt_ref"\? \(rule enablex\/unknown-keys, inferred\)$/,
      ),
    ])
    const app = accepting({ ...tts('Hi.'), prompt_reff: 'x' })
    await expect(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('play')).rejects.toThrow(
      /callspec refused the app's play request \(PUT \/voice\/v1\/call\/[^ ]+\/play\) by a rule it inferred, not one EnableX documents: enablex\/unknown-keys, at error under strict: true \(rules: \{ 'enablex\/unknown-keys': 'warn' \} warns instead, 'off' ignores it\):\n✖ Unrecognized key: "prompt_reff" \(received "x"\); did you mean "prompt_ref"\?\n {2}→ rule enablex\/unknown-keys/,
    )
    // The play route's error envelope (audit-94 F6).
    await expect.poll(() => app.answers.at(-1)).toMatchObject({ status: 400, body: { result: 400, msg: 'Invalid parameter: prompt_reff', playstate: 'failed' } })
  })

  it('rejects timeouts outside 1–10 s and text without a voice', async () => {
    const slow = accepting(tts('Hi.', { asr: true, start_timeout: 20 }))
    await expect(callTo(slow, { platform: 'enablex' }).expectAction('accept').expectAction('play')).rejects.toThrow(/must be 1–10 seconds \(received 20\)\n {2}→ at start_timeout/)
    await expect.poll(() => slow.answers.at(-1)?.body).toEqual({
      voice_id: expect.any(String),
      from: '14155550100',
      to: '14155550199',
      playstate: 'failed',
      result: 400,
      msg: 'Invalid parameter: start_timeout (must be 1–10 seconds (received 20))',
      timestamp: expect.any(String),
    })

    const mute = accepting({ text: 'Hi.' })
    await expect(callTo(mute, { platform: 'enablex' }).expectAction('accept').expectAction('play')).rejects.toThrow(/voice \(male or female\) is required with text/)
    await expect.poll(() => mute.answers.at(-1)?.body.msg).toBe('Mandatory parameter missing: voice')
  })

  it('says which action came instead of the expected one, with the body mismatch', async () => {
    const app = accepting(tts('Hi.', { prompt_ref: 'hi' }))
    await expect(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { dtmf: true })).rejects.toThrow(/play did not match: dtmf: expected true, got undefined/)
    await expect(callTo(app, { platform: 'enablex' }).expectAction('play')).rejects.toThrow(/expected action play, got accept/)
  })
})

describe('encrypted events (webhook security, §3.0)', () => {
  it('posts {encrypted_data} with both header spellings; EnableX sample code decrypts it', async () => {
    const app = enablexApp(() => {})
    await callTo(app, { platform: 'enablex', vendor: { encrypt: true, appId: 'acme-app-id' }, unconsumed: 'ignore' }).hangUp()
    const [incoming] = app.seen
    const headers = app.headers[0]!
    expect(Object.keys(incoming!)).toEqual(['encrypted_data'])
    expect(headers).toMatchObject({ 'x-algoritm': 'aes-256-cbc', 'x-algorithm': 'aes-256-cbc', 'x-format': 'base64', 'x-encoding': 'utf8' })
    // What EnableX's inbound sample does with crypto.createDecipher (Node ≤ 20), written out here
    // because Node 22 removed it; the known answer below pins it to what createDecipher did.
    const decipher = () => legacyDecipher(headers['x-algoritm'] as string, 'acme-app-id')
    const json = decrypt(decipher(), incoming!.encrypted_data, headers['x-format'] as BufferEncoding, headers['x-encoding'] as BufferEncoding)
    expect(JSON.parse(json)).toMatchObject({ state: 'incomingcall', from: '14155550100', to: '14155550199' })
    expect(decryptEvent(app.seen[1]!.encrypted_data, 'acme-app-id')).toMatchObject({ state: 'disconnected' })
  })

  it('call.event() reads an encrypted event as the app does, decrypted; call.webhooks keeps what was posted', async () => {
    const app = enablexApp(() => {})
    const call = await callTo(app, { platform: 'enablex', vendor: { encrypt: true, appId: 'acme-app-id' }, unconsumed: 'ignore' }).hangUp()
    const incoming = call.event('incomingcall')
    expect(incoming).toMatchObject({ state: 'incomingcall', from: '14155550100', to: '14155550199' })
    expect(incoming.voice_id).toBe((decryptEvent(app.seen[0]!.encrypted_data, 'acme-app-id') as { voice_id: string }).voice_id)
    expect(Object.keys(call.webhooks[0]!.body)).toEqual(['encrypted_data'])
    expect(call.webhooks[0]!.decrypted).toEqual(incoming)
  })

  it('needs the APP_ID to encrypt with', async () => {
    await expect(callTo(enablexApp(() => {}), { platform: 'enablex', vendor: { encrypt: true } })).rejects.toThrow(/vendor\.encrypt needs vendor\.appId/)
  })
})

/** Ciphertext made by Node 20's `crypto.createCipher('aes-256-cbc', 'acme-app-id')`. */
const NODE20_CIPHERTEXT = '46vQqm0XZay3hdyPZrchpBK/B5rXeGg4dk/AaiKVnpYMDILDXsMT+J9oS5XrvmKU'

/** crypto.createDecipher(algorithm, password): key and IV from OpenSSL's EVP_BytesToKey (MD5, one round, no salt). */
function legacyDecipher(algorithm: string, password: string) {
  let derived = Buffer.alloc(0)
  for (let block = Buffer.alloc(0); derived.length < 48; derived = Buffer.concat([derived, block])) {
    block = createHash('md5').update(Buffer.concat([block, Buffer.from(password)])).digest()
  }
  return createDecipheriv(algorithm, derived.subarray(0, 32), derived.subarray(32, 48))
}

function decrypt(decipher: ReturnType<typeof createDecipheriv>, data: string, from: BufferEncoding, to: BufferEncoding): string {
  return decipher.update(data, from, to) + decipher.final(to)
}

describe('the legacy decipher the encryption test uses', () => {
  it('decrypts what Node 20 crypto.createCipher encrypted', () => {
    expect(JSON.parse(decrypt(legacyDecipher('aes-256-cbc', 'acme-app-id'), NODE20_CIPHERTEXT, 'base64', 'utf8'))).toEqual({ state: 'incomingcall', voice_id: 'v-1' })
  })
})
