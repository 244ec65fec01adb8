import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts, webexApp } from '../helpers/webex-apps.js'

/** Sockets, servers and timers the process holds (vitest's own are in the baseline). */
const handles = () =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap')
    .sort()
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

/** libuv finishes closing a handle a loop turn or two after close(): poll, bounded. */
async function settled<T>(read: () => T, expected: T): Promise<T> {
  for (let i = 0; i < 50 && JSON.stringify(read()) !== JSON.stringify(expected); i++) await new Promise((r) => setTimeout(r, 10))
  return read()
}

describe('resources', () => {
  // 180 calls: on a loaded machine this takes longer than vitest's default 5 s; time is not what it checks.
  it('leaves no socket, server or timer behind after many calls, passing and failing', { timeout: 30_000 }, async () => {
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    const before = handles()
    const timersBefore = timers()

    const good = answering({ action: 'PLAY', audio: [tts('Hi.')], collectInput: { maxDigits: 1 } })
    const hanging = webexApp(() => () => {}) // never answers
    const crashing = webexApp(() => (res: import('node:http').ServerResponse) => res.socket?.destroy())
    for (let i = 0; i < 60; i++) {
      await callTo(good, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
      await callTo(crashing, { platform: 'webex-connect' }).catch(() => {})
      if (i % 20 === 0) await callTo(hanging, { platform: 'webex-connect', limits: { responseTimeoutMs: 50 } }).catch(() => {})
    }
    expect(await settled(handles, before)).toEqual(before)
    expect(timers()).toBeLessThanOrEqual(timersBefore)
    process.off('unhandledRejection', onRejection)
    expect(rejections).toEqual([])
  })
})
