/**
 * A Webex Connect IVR with three defects planted for the explorer to find:
 * - a crash: key 1 at the outages menu throws (the webhook answers 500);
 * - an endless retry loop: the main menu re-prompts forever on silence or a wrong key;
 * - a dead end: the help desk menu only ever replays itself (the caller's one way out is to hang up).
 */
import express from 'express'

const play = (text: string, maxDigits = 1) => ({
  action: 'PLAY',
  audio: [{ type: 'TTS', text }],
  collectInput: { maxDigits, digitTimeout: 5 },
})
const goodbye = (text: string) => ({ action: 'PLAY', audio: [{ type: 'TTS', text }] })
const MAIN = 'Acme Utilities. Press 1 for billing, 2 for outages, or 3 for the help desk.'

export function createPlantedApp() {
  const app = express()
  app.use(express.json())
  const stage = new Map<string, 'main' | 'outages' | 'help'>()

  app.post('/webex/events', (req, res) => {
    const event = req.body as { event: string; sessionId: string; digitsReceived?: string }
    switch (event.event) {
      case 'ACCEPTED':
        stage.set(event.sessionId, 'main')
        return res.json({ action: 'ANSWER' })
      case 'ANSWERED':
        return res.json(play(MAIN))
      case 'COLLECTED_DIGITS':
        return res.json(onKey(event.sessionId, event.digitsReceived ?? ''))
      case 'PLAYED':
        return res.json({ action: 'HANGUP', reason: 'flow complete' })
      case 'DROPPED':
        stage.delete(event.sessionId)
        return res.status(200).end()
      default:
        return res.status(200).end()
    }
  })

  function onKey(sessionId: string, key: string) {
    const where = stage.get(sessionId) ?? 'main'
    if (where === 'help') return play('The help desk is closed. Press any key to hear this message again.')
    if (where === 'outages') {
      if (key === '1') throw new Error('outage reporting backend is not configured')
      if (key === '2') return goodbye('There are no outages in your area. Goodbye.')
      return play('Press 1 to report an outage, or 2 to hear about outages in your area.')
    }
    if (key === '1') return goodbye('Your balance is 12 dollars and 50 cents. Goodbye.')
    if (key === '2') {
      stage.set(sessionId, 'outages')
      return play('Press 1 to report an outage, or 2 to hear about outages in your area.')
    }
    if (key === '3') {
      stage.set(sessionId, 'help')
      return play('The help desk is closed. Press any key to hear this message again.')
    }
    // The planted retry loop: no counter, so a silent caller is asked forever.
    return play(`Sorry, I did not get that. ${MAIN}`)
  }

  return app
}
