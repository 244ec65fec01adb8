/**
 * The number-guessing game of Voxology's own tutorial, written as a team would: the guessing
 * loop runs entirely on Voxology (LABEL/GOTO, IF comparing `$keyPresses` with
 * `$sessionData.number`, `${keyPresses}` in the hints); the server is asked again only when a
 * round is won, and "play again" REDIRECTs back to the game's own URL for a new round.
 *
 * The callback URL may be configured for GET or POST: the handlers read both, as a server that
 * also serves the static-JSON (S3-style) setup has to.
 */
import express, { type Request } from 'express'

export interface GameConfig {
  /** This app's public address, for REDIRECT URLs. */
  publicUrl: string
  /** The secret number of a round (injectable, so tests are deterministic). */
  pick?: () => number
  fanfareUrl?: string
}

export interface GameStats {
  callId: string
  rounds: number
  wins: number
}

const FANFARE = 'https://s3-us-west-2.amazonaws.com/com.voxology.demo/number-guessing-game/kazoo-fanfare.mp3'
const say = (text: string) => ({ type: 'SAY', params: { text } })

/** A GET callback carries objects and arrays as JSON text in the query string. */
function readCallback(req: Request): Record<string, any> {
  if (req.method !== 'GET') return req.body as Record<string, any>
  const cb: Record<string, any> = { ...req.query }
  for (const key of ['key_presses', 'recordings', 'session_data', 'custom_data']) {
    if (typeof cb[key] === 'string') cb[key] = JSON.parse(cb[key])
  }
  return cb
}

export function createGameApp(config: GameConfig, stats: GameStats[] = []) {
  const app = express()
  app.use(express.json())
  const pick = config.pick ?? (() => 1 + Math.floor(Math.random() * 100))
  const fanfare = config.fanfareUrl ?? FANFARE

  // A new round: the first callback of the call, and every "play again".
  app.all('/game', (req, res) => {
    const cb = readCallback(req)
    if (cb.status !== 'live-in-progress') {
      stats.push({ callId: cb.call_id, rounds: cb.session_data?.round ?? 0, wins: cb.session_data?.wins ?? 0 })
      return res.status(204).end()
    }
    const round = (cb.session_data?.round ?? 0) + 1
    res.json({
      name: 'guessing-round',
      actions: [
        { type: 'SESSIONDATA', session_data: { number: pick(), round, wins: cb.session_data?.wins ?? 0 } },
        ...(round === 1 ? [{ type: 'PLAY', params: { url: fanfare } }, say('Welcome to the number guessing game!')] : []),
        say("Round ${sessionData.round}. I'm thinking of a number between 1 and 100."),
        { type: 'LABEL', name: 'GUESS' },
        {
          type: 'COLLECT',
          name: 'guess',
          actions: [say('Enter your guess, then press pound.')],
          params: { finish_on_key: 'pound', num_digits: 3, timeout: 5000 },
        },
        { type: 'IF', condition: "$keyPresses == ''", then: [say("I didn't hear a guess."), { type: 'GOTO', params: { label: 'GUESS' } }] },
        {
          type: 'IF',
          condition: '$keyPresses == $sessionData.number',
          then: [
            { type: 'PLAY', params: { url: fanfare } },
            say('You got it! The number was ${sessionData.number}.'),
            { type: 'REDIRECT', params: { url: `${config.publicUrl}/game/won`, method: req.method } },
          ],
        },
        {
          type: 'IF',
          condition: '$keyPresses < $sessionData.number',
          then: [say('Higher than ${keyPresses}.')],
          orElse: [say('Lower than ${keyPresses}.')],
        },
        { type: 'GOTO', params: { label: 'GUESS' } },
      ],
    })
  })

  // A round was won: count it, and offer another.
  app.all('/game/won', (req, res) => {
    const cb = readCallback(req)
    res.json({
      actions: [
        { type: 'SESSIONDATA', session_data: { wins: (cb.session_data?.wins ?? 0) + 1 } },
        {
          type: 'COLLECT',
          name: 'again',
          actions: [say('You have won ${sessionData.wins} rounds. Press 1 to play again, or 2 to hang up.')],
          params: { num_digits: 1, timeout: 5000 },
        },
        {
          type: 'IF',
          condition: "$keyPresses == '1'",
          then: [{ type: 'REDIRECT', params: { url: `${config.publicUrl}/game`, method: req.method } }],
          orElse: [say('Thanks for playing. Goodbye!'), { type: 'HANGUP' }],
        },
      ],
    })
  })

  return app
}
