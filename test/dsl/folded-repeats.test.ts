/**
 * Rounds an app repeats are shown once, with a count, wherever a failure lists them (audit-f #5,
 * #6): the actions the test never expected, and a transcript short enough to print whole.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { expressPlayer } from '../helpers/webex-apps.js'

describe('repeated rounds in a failure are folded', () => {
  it('the actions the test never expected: a hold-music loop lists its PLAY once, with a count', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      const { event } = req.body as { event: string }
      if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
      if (event === 'ANSWERED') return void res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Please hold.' }] })
      if (event === 'PLAYED') return void res.json({ action: 'PLAY', audio: [{ type: 'URL', location: 'https://x.example/hold.wav' }] })
      res.end()
    })
    const error = await failureOf(
      callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('PLAY').staySilent(60_000).hangUp(),
    )
    const lines = error.message.split('\n')
    const head = lines.findIndex((l) => /the app sent \d+ action\(s\) the test never expected:$/.test(l))
    expect(head).toBeGreaterThanOrEqual(0)
    const list = lines.slice(head + 1, lines.findIndex((l, i) => i > head && !l.startsWith('  ')))
    expect(list).toHaveLength(3)
    expect(list[0]).toMatch(/^ {2}• turn 4 ← PLAY URL https:\/\/x\.example\/hold\.wav/)
    expect(list[1]).toMatch(/^ {2}… the line above came round \d+ more times \(turns 5–\d+; only their numbers differ\)$/)
    expect(list[2]).toMatch(/^ {2}• turn \d+ ← PLAY URL https:\/\/x\.example\/hold\.wav/)
  })

  it('a Voxology loop whose every callback warns: the callback and its warning fold as one round', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (_req, res) => void res.json({ actions: [{ type: 'SPEAK', params: { text: 'hi' } }] }))
    const error = await failureOf(callTo(app, { platform: 'voxology', warnings: 'silent' }).expectAction('SAY'))
    const transcript = error.message.slice(error.message.indexOf('Call (voxology'))
    const lines = transcript.split('\n')
    expect(lines[1]).toMatch(/^ {2}• +0\.0s +1 → init_call /)
    expect(lines[3]).toMatch(/^ {2}• +0\.0s +2 → script_end /)
    expect(lines[4]).toMatch(/^ +0\.0s +⚠ the app's answer to the script_end callback: unknown action type "SPEAK"/)
    expect(lines[5]).toBe('  … the 2 lines above came round 16 more times (turns 3–18; only their numbers differ)')
    expect(lines[8]).toMatch(/^ {2}✖ +0\.0s +20 → script_end /)
    expect(lines.length).toBeLessThan(13)
  })

  it('a round that starts mid-turn: the turn range starts at the first turn folded, not the turn the shown round ends with', async () => {
    // Hold music: each round is a PLAY, its prompt, then the next PLAYED event (the turn after).
    const app = expressPlayer(() => ({ audio: [{ type: 'TTS', text: 'Please hold.' }] }))
    const error = await failureOf(callTo(app, { platform: 'webex-connect', warnings: 'silent', limits: { maxTurns: 200 } }).expectAction('ANSWER').staySilent(3_600_000))
    const lines = error.message.slice(error.message.indexOf('Call (webex-connect')).split('\n')
    const fold = lines.findIndex((l) => l.startsWith('  … '))
    // Shown once: turn 2's PLAY and prompt, then turn 3's event; folded: turns 4 to 199 (199's
    // event the last folded line); shown again: turn 199's PLAY and prompt, turn 200's event.
    expect(lines.slice(fold - 3, fold)).toEqual([expect.stringMatching(/^ +2 ← PLAY +TTS "Please hold\."$/), expect.stringMatching(/♪ "Please hold\."$/), expect.stringMatching(/^ {2}• +1\.0s +3 → PLAYED +1 s$/)])
    expect(lines[fold]).toBe('  … the 3 lines above came round 196 more times (turns 4–199; only their numbers differ)')
    expect(lines[fold + 1]).toMatch(/^ +199 ← PLAY +TTS "Please hold\."$/)
  })
})
