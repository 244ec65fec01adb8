import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createSurveyApp, exampleConfig, type SurveyResult } from './app.js'

const results: SurveyResult[] = []
const app = createSurveyApp(exampleConfig(), results)
const DANA = '+14155550100'
const SAM = '+14155550111'
const LEE = '+14155550122'
const resultOf = (callId: string) => results.find((r) => r.callId === callId)
const callIdOf = (call: { transcript: { entries: Array<{ kind: string; request?: { body?: string } }> } }) =>
  JSON.parse(call.transcript.entries.find((e) => e.kind === 'event')!.request!.body!).call_id as string

/** Every inbound survey starts the same way: the greeting, then the rating question. */
const survey = (caller: string) =>
  callTo(app, { platform: 'voxology', webhookPath: '/voxology/survey' })
    .fromCaller(caller)
    .toNumber('+17145550199')
    .expectAction('SAY', { params: { text: /thanks for visiting/ } })
    .expectAction('COLLECT', { name: 'rating' })

describe('Acme Dental visit survey (Voxology, inbound)', () => {
  it('takes a happy patient through both questions and the referral offer', async () => {
    const call = await survey(DANA)
      .pressDigits('5')
      .expectAction('SAY', { params: { text: 'Glad to hear it!' } })
      .expectAction('COLLECT', { name: 'recommend' })
      .pressDigits('1')
      .expectAction('SAY', { params: { text: /referral code/ } })
      .expectAction('REDIRECT', { params: { url: 'https://survey.acme-dental.example/voxology/survey/answers' } })
      .expectAction('SAY', { params: { text: 'Thank you, your answers are saved.' } })
      .expectAction('SAY', { params: { text: 'Goodbye.' } })
      .expectHangup()

    // The template was filled from session data on the platform's side.
    expect(call).toHavePlayed('Hi Dana, thanks for visiting Acme Dental.')
    expect(call.events).toEqual(['init_call', 'redirect', 'call_end'])
    expect(resultOf(callIdOf(call))).toMatchObject({ patient: DANA, rating: 5, recommends: true, wantsCallback: false, status: 'complete' })
  })

  it('offers a manager callback to an unhappy patient', async () => {
    const call = await survey(DANA)
      .pressDigits('2')
      .expectAction('SAY', { params: { text: "We're sorry to hear that." } })
      .expectAction('COLLECT', { name: 'callback' })
      .pressDigits('1')
      .expectAction('COLLECT', { name: 'recommend' })
      .pressDigits('2')
      .expectAction('REDIRECT')
      .expectAction('SAY', { params: { text: /saved/ } })
      .expectAction('SAY', { params: { text: 'A manager will call you back tomorrow.' } })
      .expectAction('SAY')
      .expectHangup()

    expect(call).not.toHavePlayed(/referral/)
    expect(resultOf(callIdOf(call))).toMatchObject({ rating: 2, wantsCallback: true, recommends: false })
  })

  it('asks again for a rating out of range, and the transcript says why', async () => {
    const call = await survey(DANA)
      .pressDigits('9')
      .expectAction('SAY', { params: { text: 'Please press a number from 1 to 5.' } })
      .expectAction('COLLECT', { name: 'rating' })
      .pressDigits('4')
      .expectAction('SAY', { params: { text: 'Glad to hear it!' } })
      .expectAction('COLLECT', { name: 'recommend' })
      .hangUp()

    // Voxology, not the app, took this branch: the transcript shows the condition and the value it saw.
    expect(call.print()).toContain(`IF !($keyPresses >= 1 && $keyPresses <= 5) is true → then; saw $keyPresses = "9"`)
    expect(call.print()).toContain('GOTO → ASK_RATING')
  })

  it('asks again when the patient says nothing', async () => {
    const call = await survey(DANA)
      .staySilent()
      .expectAction('SAY', { params: { text: /from 1 to 5/ } })
      .expectAction('COLLECT', { name: 'rating' })
      .hangUp()

    // The greeting, the question and the 5 s timeout: all virtual time.
    expect(call.duration).toBeGreaterThan(10_000)
    expect(call.print()).toContain(`saw $keyPresses = ""`)
  })

  it('does not offer the referral to a minor, unless a VIP (|| binds looser than &&)', async () => {
    const minor = await survey(SAM).pressDigits('4').expectAction('SAY').expectAction('COLLECT').pressDigits('1').expectAction('REDIRECT').hangUp()
    expect(minor).not.toHavePlayed(/referral/)

    const vip = await survey(LEE).pressDigits('4').expectAction('SAY').expectAction('COLLECT').pressDigits('1').expectAction('SAY', { params: { text: /referral/ } }).hangUp()
    expect(vip.print()).toContain('(read as ($keyPresses == 1 && $sessionData.age >= 18) || $sessionData.vip == true)')
  })

  it('keeps an abandoned survey when the patient hangs up mid-question', async () => {
    const call = await survey(DANA).staySilent(2_000).hangUp()

    expect(call.end).toMatchObject({ by: 'caller' })
    expect(call.events.at(-1)).toBe('call_end')
    expect(resultOf(callIdOf(call))).toMatchObject({ status: 'abandoned', surveyId: 'walk-in' })
  })
})

describe('Acme Dental visit survey (Voxology, outbound)', () => {
  it('calls a patient through the Make Call API and carries the survey id in session data', async () => {
    const call = await callTo(app, { platform: 'voxology', webhookPath: '/voxology/survey', vendor: { apiKey: 'vx_test_acme' } })
      .startedBy((app) => app.fetch('/surveys', { method: 'POST', body: { to: DANA, surveyId: 'visit-2026-03-02' } }))
      .toNumber(DANA)
      // expectAction sees the script as the app sent it; toHavePlayed, what the caller heard.
      .expectAction('SAY', { params: { text: /^Hi \$\{sessionData.name\}/ } })
      .expectAction('COLLECT', { name: 'rating' })
      .pressDigits('3')
      .expectAction('SAY')
      .expectAction('COLLECT')
      .pressDigits('1')
      .expectAction('SAY', { params: { text: /referral/ } })
      .expectAction('REDIRECT')
      .expectAction('SAY')
      .expectAction('SAY')
      .expectHangup()

    expect(call).toHavePlayed(/^Hi Dana/)
    expect(call.transcript.entries[0]).toMatchObject({ kind: 'api', name: 'POST /v1/Dials/Connect', status: 200 })
    expect(resultOf(callIdOf(call))).toMatchObject({ surveyId: 'visit-2026-03-02', rating: 3, patient: DANA })
  })
})
