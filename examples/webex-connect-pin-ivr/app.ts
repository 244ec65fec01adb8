/**
 * A realistic Webex Connect IVR, written the way teams write them: an Express webhook that
 * answers each event with one action, keeping per-call state by sessionId.
 *
 * Inbound: PIN entry with three tries → a menu (balance, an agent, a message; keys or speech)
 * → PATCH to an agent, with voicemail when the agent is busy or does not answer.
 * Outbound: POST /reminders places an appointment reminder through the make-call REST API; a
 * person confirms or cancels by keypad, an answering machine gets a message.
 */
import { randomUUID } from 'node:crypto'
import express from 'express'

export interface IvrConfig {
  /** Webex Connect REST base URL, e.g. https://api.us.webexconnect.io */
  vendorBaseUrl: string
  serviceKey: string
  /** This app's public address, sent as callbackUrl. */
  publicUrl: string
  /** Our Webex Connect number. */
  callerId: string
  agentNumber: string
  accounts: Record<string, { pin: string; balance: string }>
}

type Play = { action: 'PLAY'; audio: Array<{ type: 'TTS'; text: string }>; collectInput?: object; streamInput?: object }

const say = (text: string, input?: Pick<Play, 'collectInput' | 'streamInput'>): Play => ({
  action: 'PLAY',
  audio: [{ type: 'TTS', text }],
  ...input,
})
const PIN_INPUT = { collectInput: { terminationDigit: '#', maxDigits: 0, digitTimeout: 5 } }
const MENU_INPUT = {
  collectInput: { maxDigits: 1, digitTimeout: 5 },
  streamInput: { timeout: 8, language: 'en-US', singleUtterence: true },
}
const MENU = 'Press 1 for your balance, 2 to speak to an agent, or 3 to leave a message. You can also say agent.'

interface CallState {
  stage: 'pin' | 'menu' | 'goodbye' | 'agent' | 'message' | 'reminder' | 'voicemail'
  attempts: number
  caller: string
}

export function createIvrApp(config: IvrConfig) {
  const app = express()
  app.use(express.json())
  const calls = new Map<string, CallState>()

  app.post('/webex/events', (req, res) => {
    const event = req.body as Record<string, any>
    const state = calls.get(event.sessionId)
    const reply = (action: object) => res.json(action)

    switch (event.event) {
      case 'ACCEPTED':
        calls.set(event.sessionId, { stage: 'pin', attempts: 0, caller: event.callerId })
        return reply({ action: 'ANSWER' })
      case 'ANSWERED':
        if (state?.stage === 'reminder' || !state) {
          calls.set(event.sessionId, { stage: 'reminder', attempts: 0, caller: event.dialedNumber })
          return reply(say('Hello, this is City Dental. You have an appointment tomorrow at 10 AM. Press 1 to confirm or 2 to cancel.', { collectInput: { maxDigits: 1, digitTimeout: 6 } }))
        }
        return reply(say('Welcome to Acme Bank. Please enter your PIN, followed by the hash key.', PIN_INPUT))
      case 'VMDETECTED':
        if (state) state.stage = 'voicemail'
        return reply(say('Hello, this is City Dental reminding you of your appointment tomorrow at 10 AM. Please call us back to confirm.'))
      case 'COLLECTED_DIGITS':
        return reply(onDigits(state, event.digitsReceived))
      case 'STREAMED':
        if (state?.stage === 'menu' && event.status === 'SUCCESS' && /agent|person|human/i.test(event.text ?? '')) return reply(toAgent(state))
        return reply(say(`Sorry, I did not understand. ${MENU}`, MENU_INPUT))
      case 'PLAYED':
        return reply({ action: 'HANGUP', reason: 'flow complete' })
      case 'PATCHED':
        if (event.status === 'SUCCESS' && !event.droppedBy) return res.status(200).end()
        // The caller left the bridge: the call is over, nothing to say.
        if (event.droppedBy === 'CALLER') return res.status(200).end()
        if (state) state.stage = 'message'
        return reply({
          action: 'RECORD',
          audio: [{ type: 'TTS', text: 'Our agents are busy. Please leave a message after the tone, and press hash when you are done.' }],
          timeoutSeconds: 60,
          terminationDigit: '#',
        })
      case 'RECORDED':
        if (state) state.stage = 'goodbye'
        return reply(say('Thank you, we will call you back. Goodbye.'))
      case 'DROPPED':
        calls.delete(event.sessionId)
        return res.status(200).end()
      default:
        return res.status(400).json({ error: `unknown event ${event.event}` })
    }
  })

  function onDigits(state: CallState | undefined, digits: string) {
    if (!state) return { action: 'HANGUP', reason: 'unknown call' }
    if (state.stage === 'reminder') {
      state.stage = 'goodbye'
      if (digits === '1') return say('Thank you, your appointment is confirmed. Goodbye.')
      if (digits === '2') return say('Your appointment has been cancelled. Goodbye.')
      return say('We did not get your answer. We will call you again later. Goodbye.')
    }
    if (state.stage === 'pin') {
      if (config.accounts[state.caller]?.pin === digits) {
        state.stage = 'menu'
        return say(`Thank you. ${MENU}`, MENU_INPUT)
      }
      state.attempts += 1
      if (state.attempts >= 3) {
        state.stage = 'goodbye'
        return say('Too many attempts. Please try again later. Goodbye.')
      }
      const problem = digits === '' ? 'I did not get your PIN.' : 'That PIN is not right.'
      return say(`${problem} Please enter your PIN, followed by the hash key.`, PIN_INPUT)
    }
    // menu
    if (digits === '1') {
      state.stage = 'goodbye'
      return say(`Your balance is ${config.accounts[state.caller]?.balance ?? 'unavailable'}. Goodbye.`)
    }
    if (digits === '2') return toAgent(state)
    if (digits === '3') {
      state.stage = 'message'
      return { action: 'RECORD', audio: [{ type: 'TTS', text: 'Please leave your message after the tone.' }], timeoutSeconds: 60, terminationDigit: '#' }
    }
    return say(`Sorry, that is not an option. ${MENU}`, MENU_INPUT)
  }

  function toAgent(state: CallState) {
    state.stage = 'agent'
    return {
      action: 'PATCH',
      dialedNumber: config.agentNumber,
      patchCallerId: config.callerId,
      holdAudio: { type: 'TTS', text: 'Please hold while we connect you to an agent.' },
      greetingAudio: { type: 'TTS', text: 'Incoming call from the Acme Bank IVR.' },
      recordCall: true,
    }
  }

  // Outbound: place an appointment reminder through the make-call API.
  app.post('/reminders', async (req, res) => {
    const { to } = req.body as { to: string }
    const response = await fetch(`${config.vendorBaseUrl}/v1/voice/calls`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${config.serviceKey}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        callerId: config.callerId,
        dialedNumber: to,
        callbackUrl: `${config.publicUrl}/webex/events`,
        correlationId: `reminder-${to}`,
        detectVoiceMail: true,
      }),
    })
    const body = (await response.json()) as { sessionId?: string; code?: string; message?: string }
    if (response.status !== 202 || !body.sessionId) return res.status(502).json({ error: body })
    calls.set(body.sessionId, { stage: 'reminder', attempts: 0, caller: to })
    return res.status(201).json({ sessionId: body.sessionId })
  })

  return app
}

/** The configuration the example suite and the standalone server use. */
export const exampleConfig = (vendorBaseUrl = 'https://api.us.webexconnect.io'): IvrConfig => ({
  vendorBaseUrl,
  serviceKey: 'sk_test_acme',
  publicUrl: 'https://ivr.acme.example',
  callerId: '+14155550199',
  agentNumber: '+14155550142',
  accounts: { '+14155550100': { pin: '1234', balance: '$42.17' } },
})
