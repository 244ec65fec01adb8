import { createServer } from 'node:http'
import { expect, test } from 'vitest'
import { callTo } from '../../src/index.js'

const app = (req: any, res: any) => {
  let body = ''
  req.on('data', (c: any) => (body += c))
  req.on('end', () => {
    const ev = JSON.parse(body)
    const reply = (a: unknown) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(a)) }
    if (ev.event === 'ACCEPTED') return reply({ action: 'ANSWER' })
    if (ev.event === 'ANSWERED') return reply({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Please enter your PIN followed by hash' }], collectInput: { terminationDigit: '#', digitTimeout: 5 } })
    if (ev.event === 'COLLECTED_DIGITS') return ev.digitsReceived === '1234' ? reply({ action: 'PATCH', dialedNumber: '+14155550142' }) : reply({ action: 'HANGUP' })
    if (ev.event === 'PATCHED') { res.end(); return }
    res.end()
  })
}

test('smoke', async () => {
  const call = await callTo(app, { platform: 'webex-connect' })
    .fromCaller('+14155550100')
    .expectAction('ANSWER')
    .expectAction('PLAY', { collectInput: { terminationDigit: '#' } })
    .pressDigits('1234#')
    .expectAction('PATCH', { dialedNumber: '+14155550142' })
  console.log(call.print())
  expect(call).toHavePlayed(/enter your PIN/i)
})

test('fails nicely', async () => {
  const err = await callTo(app, { platform: 'webex-connect' })
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .pressDigits('9999#')
    .expectAction('PATCH').catch((e) => e)
  console.log(err.stack)
})
