/**
 * Audit F5 (Voxology): a request callspec refused under a rule it inferred was listed among the
 * app's unexpected requests as "refused by the platform", with the advice to "fix the request the
 * answer names". Voxology's one such refusal of a request on a call: a call-log path in another
 * case under voxology/path-case at error (a make-call refused by an inferred rule fails the call at
 * once, led by callspec's inference: path-case.test.ts, make-call-content-type.test.ts).
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

/** Places a call; when answered, reads its call log at a lower-case path, then says goodbye and hangs up. */
const app = express()
app.use(express.json())
app.post('/remind', async (req, res) => {
  const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
    body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+14155550199' } }),
  })
  res.status(r.status).send(await r.text())
})
app.post('/', async (req, res) => {
  if (req.body.status !== 'live-in-progress') return res.end()
  await fetch(`https://api.voxolo.gy/v1/history/logs/calls/${req.body.call_id}`, { headers: { 'x-api-key': 'k' } })
  res.json({ actions: [{ type: 'SAY', params: { text: 'Goodbye.' } }, { type: 'HANGUP' }] })
})

describe("a refusal under an inferred rule is said as callspec's (audit F5, Voxology)", () => {
  it('a call-log request refused under voxology/path-case: listed as refused by callspec, naming the rule', async () => {
    const flow = callTo(app, { platform: 'voxology', warnings: 'silent', rules: { 'voxology/path-case': 'error' } })
      .startedBy((a) => a.fetch('/remind', { method: 'POST', body: { to: '+14155550100' } }))
      .staySilent(5_000)
    const error = await failureOf(flow)
    const [headline, item] = error.message.split('\n')
    expect(headline).toMatch(/ the app sent 3 action\(s\) the test never expected \(1 refused by callspec under a rule it inferred \(voxology\/path-case\), not one the platform documents\):$/)
    expect(item).toMatch(/^ {2}• turn 1 ← GET \/v1\/history\/logs\/calls\/\S+: refused by callspec \(rule voxology\/path-case, inferred\), HTTP 404$/)
    expect(error.message).toContain("A request callspec refused under a rule it inferred (voxology/path-case: the platform documents no such refusal, the answer is callspec's)")
    expect(error.message).not.toContain('refused by the platform')
  })
})
