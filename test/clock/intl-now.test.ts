/**
 * audit-93 finding 5: `Intl.DateTimeFormat#format()` / `formatToParts()` with no date read the
 * engine's clock, not the app's `Date`: a business-hours app built on them was open or closed by
 * the hour CI ran, whatever the call's startAt.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

// Built at load time, as an app's module does: the call must reach formatters made before it.
const newYork = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric', hourCycle: 'h23' })

function businessHoursApp() {
  return webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event !== 'ANSWERED') return undefined
    const parts = Object.fromEntries(newYork.formatToParts().map((p) => [p.type, p.value]))
    const open = !['Sat', 'Sun'].includes(parts.weekday!) && Number(parts.hour) >= 9 && Number(parts.hour) < 17
    return { action: 'HANGUP', audio: [tts(`${open ? 'open' : 'closed'} ${parts.weekday} ${parts.hour} / ${newYork.format()}`)] }
  })
}

const played = async (startAt: string) => {
  const app = businessHoursApp()
  const call = await callTo(app, { platform: 'webex-connect', startAt, warnings: 'silent' }).expectAction('ANSWER').expectHangup()
  return JSON.stringify(call.actions)
}

describe("Intl.DateTimeFormat with no date reads the call's time, as Date does", () => {
  it('a Monday 10:00 New York call is open, a Sunday one closed, whatever the machine clock says', async () => {
    expect(await played('2026-03-02T15:00:00Z')).toContain('open Mon 10 / Mon, 10')
    expect(await played('2026-03-01T15:00:00Z')).toContain('closed Sun 10 / Sun, 10')
  })

  it('after the call the formatter reads real time again, and a date given is formatted as given', async () => {
    await played('2026-03-02T15:00:00Z')
    expect(newYork.format()).toBe(newYork.format(new Date()))
    expect(newYork.format(Date.UTC(2026, 2, 2, 15))).toBe('Mon, 10')
  })
})
