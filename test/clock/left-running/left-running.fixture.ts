import { expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { answering, tts, webexApp } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const
/** Answers ACCEPTED, then never answers again. */
const hanging = () => webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : () => {}))
// Up to 12 s: a busy machine (a full suite beside it) takes its time to get there. The file's
// first call loads callspec from source first: 4 s ran out once beside two busy loops and another
// test file (load ~8), 'expected [] to include ANSWERED', and the test failed for that instead.
const waitingForAnswer = (app: ReturnType<typeof hanging>) => vi.waitFor(() => expect(app.seen.map((e) => e.event)).toContain('ANSWERED'), { timeout: 12_000 })

it('then() with no await: the test ends while its call waits for the app', { timeout: 15_000 }, async () => {
  const app = hanging()
  void callTo(app, W)
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .then((call) => expect(call).toHavePlayed('Hello'))
  await waitingForAnswer(app)
})

it('Promise.all: one call fails at once, the other is left running', async () => {
  const app = hanging()
  await Promise.all([callTo(answering({ action: 'HANGUP' }), W).expectAction('REJECT'), callTo(app, W).expectAction('ANSWER').expectAction('PLAY')])
})

it('Promise.all of three: one fails at once, two are left running', async () => {
  await Promise.all([callTo(answering({ action: 'HANGUP' }), W).expectAction('REJECT'), callTo(hanging(), W).expectAction('ANSWER').expectAction('PLAY'), callTo(hanging(), W).expectAction('ANSWER').expectAction('PLAY')])
})

it('an async helper: the flow it returns has started, and chaining on its Promise throws', async () => {
  const menu = async () => callTo(hanging(), W).expectAction('ANSWER').expectAction('PLAY')
  // @ts-expect-error a Promise has no expectAction: the mistake under test
  await menu().expectAction('HANGUP')
})

it("the next test's call, right after", async () => {
  const started = performance.now()
  const call = await callTo(answering({ action: 'PLAY', audio: [tts('Hi.')] }), W).expectAction('ANSWER').expectAction('PLAY')
  expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
  expect(performance.now() - started).toBeLessThan(1_500)
})
