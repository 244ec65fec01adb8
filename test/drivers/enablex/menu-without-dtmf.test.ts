/**
 * Newcomer audit h199: a menu played without `dtmf: true`, then `.pressDigits('1')`, failed as
 * "waited … for the app's next REST request to EnableX after the "playfinished" event … an app that
 * checks another field or spelling ignores it": the app was blamed for an event it had no reason to
 * act on, and nothing said that the play never listened for keys. The failure now says the last
 * play had no dtmf: true, which an EnableX play needs to gather keys.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, startPlatform } from '../../../src/index.js'
import { accepting, tts } from './apps.js'

const LIMITS = { appTimeoutMs: 300 }
const hangUpOnKeys = (event: { playstate?: string; voice_id: string }, api: { call(method: string, path: string): Promise<unknown> }) =>
  event.playstate === 'digitcollected' ? api.call('DELETE', `/call/${event.voice_id}`) : undefined

describe('pressDigits() after a play without dtmf: true', () => {
  it('says the play never listened for keys, and what it needs', async () => {
    const app = accepting(tts('Press 1 for sales.', { prompt_ref: 'menu' }), hangUpOnKeys)
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: LIMITS }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup'))
    expect(error.message).toContain(`after the "playfinished" event (turn 3), and it never came.`)
    expect(error.message).toContain(
      `\npressDigits('1') waited for the platform to listen for digits, and nothing did: the last play (after turn 2) "menu" had no dtmf: true, and an EnableX play listens for keys only with it (its digitcollected or menutimeout event follows); without it the prompt plays, playfinished goes out, and nothing listens. Send dtmf: true in the menu's play.\n`,
    )
    // Room past vitest's 5 s: near the test's end the wait is fitted to it and its headline says so (h205: once, at load 8).
  }, 15_000)

  // The cause came after the driver's hints, its "an app that checks another field or spelling
  // ignores it" first (helper-205). Over HTTP: the app on a port, its REST requests to startPlatform().
  it('says that first, under the headline, before the last event and its "ignores it" line', async () => {
    const platform = await startPlatform('enablex')
    onTestFinished(() => platform.close())
    const app = accepting(tts('Press 1 for sales.', { prompt_ref: 'menu' }), hangUpOnKeys, { base: () => platform.url })
    const server = http.createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const error = await failureOf(callTo(url, { platform: 'enablex', api: platform, limits: LIMITS }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup'))
    const lines = error.message.split('\n')
    expect(lines[0]).toContain('after the "playfinished" event (turn 3), and it never came.')
    expect(lines[1]).toMatch(/^pressDigits\('1'\) waited for the platform to listen for digits, and nothing did: the last play \(after turn 2\) "menu" had no dtmf: true/)
    expect(lines[2]).toBe('The last event the app was sent (turn 3):')
    expect(lines.findIndex((l) => l.endsWith('ignores it.'))).toBe(4)
  }, 15_000)

  it('say() after a play without asr: true names asr', async () => {
    const app = accepting(tts('Say sales or support.'), () => undefined)
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: LIMITS }).expectAction('accept').expectAction('play').say('sales').expectAction('hangup'))
    expect(error.message).toContain(`\nsay("sales") waited for the platform to listen for speech, and nothing did: the last play (after turn 2) had no asr: true, and an EnableX play listens for speech only with it`)
  })

  it('with dtmf: true the same test passes', async () => {
    const app = accepting(tts('Press 1 for sales.', { prompt_ref: 'menu', dtmf: true }), hangUpOnKeys)
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    expect(call.event('digitcollected')).toMatchObject({ digit: '1' })
  })
})
