import { tts, webexApp } from './webex-apps.js'

/** Open 09:00–17:00 in New York; notes the time the app saw and the event's own stamp. */
export function businessHoursApp() {
  const seen: { appNow: string; eventTime: string }[] = []
  const app = webexApp((event) => {
    seen.push({ appNow: new Date().toISOString(), eventTime: String(event.eventTime) })
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') {
      const hour = Number(new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone: 'America/New_York' }).format(new Date()))
      return { action: 'PLAY', audio: [tts(hour >= 9 && hour < 17 ? 'We are open.' : 'We are closed.')] }
    }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
  return Object.assign(app, { seenTimes: seen })
}

