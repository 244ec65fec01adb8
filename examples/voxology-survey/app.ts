/**
 * A realistic Voxology app, written the way teams write them: an Express server whose callback
 * answers with whole scripts. The branching (re-asking out-of-range ratings, the follow-up for
 * unhappy patients, the referral offer) runs on Voxology's side, in IF conditions over
 * `$keyPresses` and `$sessionData`; the server only sees the answers when the script REDIRECTs.
 *
 * Inbound: a patient calls the survey line. Outbound: POST /surveys has Voxology call a patient
 * after a visit (Make Call REST API, the survey id in session_data).
 */
import express from 'express'

export interface SurveyConfig {
  /** Voxology REST base, e.g. https://api.voxolo.gy/v1 */
  apiBaseUrl: string
  apiKey: string
  /** This app's public address, for REDIRECT URLs. */
  publicUrl: string
  /** Our Voxology number (its Call Flow Configuration points at /voxology/survey). */
  callerId: string
  patients: Record<string, { name: string; age: number; vip?: boolean }>
}

export interface SurveyResult {
  callId: string
  patient: string
  surveyId: string
  rating?: number
  wantsCallback?: boolean
  recommends?: boolean
  status: 'complete' | 'abandoned'
}

type KeyPress = { name?: string; digits: string }

const say = (text: string) => ({ type: 'SAY', params: { text } })
const ask = (name: string, text: string) => ({
  type: 'COLLECT',
  name,
  actions: [say(text)],
  params: { num_digits: 1, timeout: 5000 },
})

export function createSurveyApp(config: SurveyConfig, results: SurveyResult[] = []) {
  const app = express()
  app.use(express.json())

  // The number's callback URL: the call starts here, and its final callback lands here.
  app.post('/voxology/survey', (req, res) => {
    const cb = req.body as Record<string, any>
    if (cb.type === 'init_call') return res.json(surveyScript(cb))
    if (cb.status !== 'live-in-progress') {
      // The final callback: the call is over. Keep what an unfinished survey told us; no body.
      if (!results.some((r) => r.callId === cb.call_id)) {
        results.push({ callId: cb.call_id, patient: cb.caller_no, surveyId: cb.session_data?.surveyId ?? 'unknown', status: 'abandoned' })
      }
      return res.status(204).end()
    }
    return res.json({ actions: [say('Goodbye.'), { type: 'HANGUP' }] })
  })

  // The survey's REDIRECT target: the answers arrive as named key presses.
  app.post('/voxology/survey/answers', (req, res) => {
    const cb = req.body as { call_id: string; caller_no: string; key_presses: KeyPress[]; session_data: Record<string, any> | null }
    // A re-asked question appears once per try: the last one counts.
    const answer = (name: string) => cb.key_presses.filter((k) => k.name === name).at(-1)?.digits
    const result: SurveyResult = {
      callId: cb.call_id,
      patient: cb.caller_no,
      surveyId: cb.session_data?.surveyId ?? 'unknown',
      rating: Number(answer('rating')),
      wantsCallback: answer('callback') === '1',
      recommends: answer('recommend') === '1',
      status: 'complete',
    }
    results.push(result)
    const actions = [say('Thank you, your answers are saved.')]
    if (result.wantsCallback) actions.push(say('A manager will call you back tomorrow.'))
    res.json({ actions: [...actions, say('Goodbye.'), { type: 'HANGUP' }] })
  })

  function surveyScript(cb: Record<string, any>) {
    const patient = config.patients[cb.caller_no]
    return {
      name: 'visit-survey',
      comments: 'Two questions; out-of-range ratings are asked again, unhappy patients get a follow-up.',
      actions: [
        {
          type: 'SESSIONDATA',
          session_data: {
            name: patient?.name ?? 'there',
            age: patient?.age ?? 0,
            vip: patient?.vip ?? false,
            surveyId: cb.session_data?.surveyId ?? 'walk-in',
          },
        },
        say('Hi ${sessionData.name}, thanks for visiting Acme Dental. We have two quick questions about your visit.'),
        { type: 'LABEL', name: 'ASK_RATING' },
        ask('rating', 'On a scale of 1 to 5, how happy were you with your visit?'),
        {
          type: 'IF',
          comment: 'A timeout leaves $keyPresses empty, and * or 9 are out of range: ask again.',
          condition: '!($keyPresses >= 1 && $keyPresses <= 5)',
          then: [say('Please press a number from 1 to 5.'), { type: 'GOTO', params: { label: 'ASK_RATING' } }],
        },
        {
          type: 'IF',
          condition: '$keyPresses <= 2',
          then: [say("We're sorry to hear that."), ask('callback', 'Press 1 if you would like a manager to call you back, or 2 to go on.')],
          orElse: [say('Glad to hear it!')],
        },
        ask('recommend', 'Would you recommend us to a friend? Press 1 for yes or 2 for no.'),
        {
          type: 'IF',
          condition: "$keyPresses == 1 && $sessionData.age >= 18 || $sessionData.vip == true",
          then: [say('Thank you! We will text you a referral code worth 20 dollars.')],
        },
        { type: 'REDIRECT', params: { url: `${config.publicUrl}/voxology/survey/answers`, method: 'POST' } },
      ],
    }
  }

  // Outbound: have Voxology call a patient after a visit.
  app.post('/surveys', async (req, res) => {
    const { to, surveyId } = req.body as { to: string; surveyId: string }
    const response = await fetch(`${config.apiBaseUrl}/Dials/Connect`, {
      method: 'POST',
      headers: { 'x-api-key': config.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ call: { no: to, caller_id_no: config.callerId }, session_data: { surveyId }, timeout: 30 }),
    })
    const body = (await response.json()) as { call_id?: string; error?: string; message?: string }
    if (!response.ok || !body.call_id) return res.status(502).json({ error: body })
    return res.status(201).json({ callId: body.call_id })
  })

  return app
}

/** The configuration the example suite uses. */
export const exampleConfig = (apiBaseUrl = 'https://api.voxolo.gy/v1'): SurveyConfig => ({
  apiBaseUrl,
  apiKey: 'vx_test_acme',
  publicUrl: 'https://survey.acme-dental.example',
  callerId: '+17145550199',
  patients: {
    '+14155550100': { name: 'Dana', age: 34 },
    '+14155550111': { name: 'Sam', age: 16 },
    '+14155550122': { name: 'Lee', age: 16, vip: true },
  },
})
