/**
 * A timer of the app's that falls due while the app waits on real I/O (a request to another
 * process: a database, an internal API) fires then, as production's clock runs on through the
 * wait: its due time there is its virtual time plus the real time held since it was set. Before
 * (audit-115 finding 1), it fired only once the I/O was over, and the real wait past its due time
 * was added to the answer: a guard raced against a 1.9 s lookup, then a 3.5 s hold, read as 5.4 s
 * against EnableX's 5 s (production: 4.5 s), and a fire-and-forget chain of lookups held a later
 * webhook's 1 s pause past the 4 s Webex Connect waits ("the app never answered").
 */
import type { ServerResponse } from 'node:http'
import { connect } from 'node:net'
import { setTimeout as realSleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { answering, greetsWith, sendAction, tts, webexApp } from '../helpers/webex-apps.js'
import { acceptsAfter, enablexApp } from '../drivers/enablex/apps.js'

/** A backend in a process of its own that answers `/<ms>` after that many ms of real time, and `/never` never. */
const backend = serviceProcess(`require('node:http').createServer((q, s) => q.url !== '/never' && setTimeout(() => s.end('{"name":"Ada"}'), Number(q.url.slice(1)))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)
/** A feed in a process of its own that writes a byte every 5 ms to each connection (an app subscribed to a stream of updates). */
const ticker = serviceProcess(`require('node:net').createServer((s) => { const t = setInterval(() => s.write('.'), 5); s.on('close', () => clearInterval(t)).on('error', () => clearInterval(t)) }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)
const lookup = (ms = 1_900) => fetch(`http://127.0.0.1:${backend.port()}/${ms}`).then((r) => r.text())
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** A request to the backend that never answers, left in flight (aborted with `signal`). */
const neverAnswered = (signal: AbortSignal) => void fetch(`http://127.0.0.1:${backend.port()}/never`, { signal }).catch(() => {})
/** Webex Connect: greets, then sends that request as it hangs up. */
const forgetsOnHangUp = (signal: AbortSignal) =>
  answering({ action: 'PLAY', audio: [tts('Hi.')] }, () => {
    neverAnswered(signal)
    return { action: 'HANGUP' }
  })
/** Webex Connect: answers ANSWERED with what `answered()` gives, plays what `told()` says when the first prompt ends, and hangs up after. */
const tellsAfterPrompt = (answered: () => unknown, told: () => string) =>
  webexApp((event, seen) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return answered()
    if (event.event === 'PLAYED' && seen.filter((e) => e.event === 'PLAYED').length === 1) return { action: 'PLAY', audio: [tts(told())] }
    return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
  })
/** A Webex Connect call answered, greeted and hung up. */
const greeting = (app: Parameters<typeof callTo>[0], limits?: { appTimeoutMs: number }) =>
  callTo(app, { platform: 'webex-connect', warnings: 'silent', ...(limits && { limits }) }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

describe("an app timer due while the app waits on real I/O fires at its own instant (audit-115 finding 1)", () => {
  it('a 1 s guard raced against a 1.9 s lookup, then a 3.5 s hold: the guard wins, answered at 4.5 s within EnableX’s 5 s', async () => {
    let winner = ''
    const app = acceptsAfter(async () => {
      winner = await Promise.race([lookup().then(() => 'lookup'), sleep(1_000).then(() => 'guard')])
      await sleep(3_500)
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept')
    expect(winner).toBe('guard')
    expect(call.warnings).toEqual([])
    expect(call.actions[0]).toMatchObject({ name: 'accept', at: 4_500 })
    // The file's first call (cold modules, the backend process starting) and 1.9 s of real lookup:
    // under vitest's 5 s the fitted wait ran out in a loaded run (helper-121, 4 runs of 55 files).
  }, 15_000)

  it('a lookup the app does not await, a 1 s pause, then a 3.5 s hold: answered at 4.5 s', async () => {
    const app = acceptsAfter(async () => {
      void lookup().catch(() => {})
      await sleep(1_000)
      await sleep(3_500)
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept')
    expect(call.warnings).toEqual([])
    expect(call.actions[0]).toMatchObject({ name: 'accept', at: 4_500 })
  })

  it('EnableX: a 1 s guard against the lookup, raced after the app accepts, still wins when the platform sends connected meanwhile (audit-116)', async () => {
    const app = enablexApp(async (event, rest) => {
      const call = `/call/${event.voice_id}`
      if (event.state === 'incomingcall') {
        await rest.call('PUT', `${call}/accept`)
        const name = await Promise.race([lookup().then(() => 'Ada'), sleep(1_000).then(() => 'fallback')])
        await rest.call('PUT', `${call}/play`, { text: `info: ${name}`, voice: 'female', language: 'en-US', prompt_ref: 'info' })
      }
      if (event.playstate === 'playfinished') await rest.call('DELETE', call)
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('info: fallback')
    expect(call.actions.find((a) => a.name === 'play')!.at).toBe(1_000)
  })

  it('Webex Connect: three lookups in a row fired and forgotten on ACCEPTED do not hold ANSWERED’s 1 s pause: PLAY at 1 s', async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') {
        void lookup().then(() => lookup()).then(() => lookup()).catch(() => {})
        return { action: 'ANSWER' }
      }
      if (event.event === 'ANSWERED') return (res: ServerResponse) => void sleep(1_000).then(() => sendAction(res, { action: 'PLAY', audio: [tts('Welcome.')] }))
      return event.event === 'DROPPED' ? undefined : { action: 'HANGUP' }
    })
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Welcome.')
    // Not counted past the answer: the chain still running once PLAY came is no part of its time.
    expect(call.warnings).toEqual([])
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(1_000)
  }, 15_000)

  it('a 100 ms setTimeout guard against the 1.9 s lookup: the fallback plays at +100 ms, as in production', async () => {
    const greeting = async () => {
      const controller = new AbortController()
      const guard = setTimeout(() => controller.abort(), 100)
      try {
        await fetch(`http://127.0.0.1:${backend.port()}/1900`, { signal: controller.signal }).then((r) => r.json())
        return 'Hello Ada.'
      } catch {
        return 'Hello, welcome to Acme.'
      } finally {
        clearTimeout(guard)
      }
    }
    const app = greetsWith(greeting)
    const started = performance.now()
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(100)
    // The guard fired after ~100 ms of real time, not once the 1.9 s lookup was over.
    expect(performance.now() - started).toBeLessThan(1_800)
    expect(call.print()).toContain('app timer 100 ms')
  })

  /**
   * Intervals pending beside the race (a metrics flush, a heartbeat) fire as the real time held
   * runs them down, and move the call's clock no faster than it: a 750 ms lookup still beats a 1 s
   * guard. Before (audit-116), with two intervals the one due sooner on the call's clock fired when
   * only the other was due, or one due at the same instant brought production's time up to its own
   * due time, the app's clock ran 12-18 % ahead of real time, and a 1 s guard beat a 900 ms lookup.
   * (A margin of 25 %, not 10: a loaded machine's looks come late.)
   */
  it.each([[[50]], [[50, 10]], [[100, 20]]])('intervals of %j ms beside a 1 s guard: the 750 ms lookup wins', async (intervals) => {
    const app = greetsWith(async () => {
      const pending = intervals.map((ms) => setInterval(() => {}, ms))
      try {
        return `hello ${await Promise.race([lookup(750).then(() => 'Ada'), sleep(1_000).then(() => 'fallback')])}`
      } finally {
        pending.forEach(clearInterval)
      }
    })
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('hello Ada')
  })

  it('an awaited 3 s lookup (past the 2 s callspec holds time for it) beside a 500 ms heartbeat: the heartbeat keeps pace with real time, answered within EnableX’s 5 s (audit-116)', async () => {
    let heartbeat: ReturnType<typeof setInterval> | undefined
    const app = acceptsAfter(async () => {
      heartbeat = setInterval(() => {}, 500)
      await lookup(3_000)
    })
    try {
      const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
      // Before: the heartbeat ran the clock to 10 s once the lookup passed 2 s ("held back by its own timer").
      expect(call.warnings).toEqual([])
      expect(call.actions[0]!.at).toBeLessThan(4_000)
    } finally {
      clearInterval(heartbeat)
    }
  }, 15_000)

  /**
   * The platform's next event, scheduled from the answer's virtual instant, comes after a timer the
   * real time held ran down, as in production. Before (audit-116 finding 5), the held time was
   * forgotten once the app answered: a 2 s reminder set before a 1.5 s lookup fired after the next
   * prompt (1.2 s) ended, where production fires it 0.7 s before.
   */
  it('a 2 s reminder set before a 1.5 s lookup fires before the prompt after it ends, as in production', async () => {
    let reminded = false
    let reminder: ReturnType<typeof setTimeout> | undefined
    const app = tellsAfterPrompt(
      () => {
        reminder = setTimeout(() => (reminded = true), 2_000)
        return (res: ServerResponse) => void lookup(1_500).then(() => sendAction(res, { action: 'PLAY', audio: [tts('Hello there, welcome.')] }))
      },
      () => (reminded ? 'reminder fired' : 'no reminder'),
    )
    try {
      const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('PLAY').expectHangup()
      expect(call).toHavePlayed('reminder fired')
      // At its own instant (0.2 s + 2 s); the prompt, played when the lookup was over (~1.7 s: the
      // call's clock moved on with the real time held, audit-136 F07), ends after it, as in
      // production. Before, PLAYED came right after it at 2.2 s, the clock having stood still. From
      // 2.5 s: beside two busy loops and another test file (load ~8) the 1.5 s lookup was counted 1.3 s
      // (the clock catches up a look behind), PLAYED at 2.7 s, which 2.8 failed.
      expect(call.print()).toMatch(/2\.2s +· app timer 2 s\b[^\n]*\n[^\n]*\b(2\.[5-9]|3\.\d)s +3 → PLAYED/)
    } finally {
      clearTimeout(reminder)
    }
  })

  /**
   * Every timer the real time ran down past the platform's event comes before it, not only the
   * first: production answers at 1.7 s and the 1.2 s prompt (three words of TTS) ends at 2.9 s, after
   * the reminders due at 2.2 and 2.6 s, before the one due at 3.2 s. Before, once the 2 s reminder had fired (the
   * call's clock caught up with production's, and the lead was used up), the 2.4 s one was compared
   * as if no real time had been held and came after PLAYED: `fired: 2 s`.
   */
  it('reminders of 2 s and 2.4 s set before a 1.5 s lookup both fire before the 1 s prompt after it ends; one of 3 s after', async () => {
    const fired: string[] = []
    const reminders: Array<ReturnType<typeof setTimeout>> = []
    const app = tellsAfterPrompt(
      () => {
        for (const ms of [2_000, 2_400, 3_000]) reminders.push(setTimeout(() => fired.push(`${ms / 1000} s`), ms))
        return (res: ServerResponse) => void lookup(1_500).then(() => sendAction(res, { action: 'PLAY', audio: [tts('Hello there, welcome.')] }))
      },
      () => `fired: ${fired.join(', ')}`,
    )
    try {
      const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('PLAY').expectHangup()
      expect(call).toHavePlayed('fired: 2 s, 2.4 s')
      // Each at its own instant, PLAYED after the second, when the prompt played after the lookup ends
      // (audit-136 F07): at 2.9 s in production, measured 2.7 s at load ~8 (the lookup counted 1.3 s),
      // which a 2.8 floor failed; the line's place after 2.6 s is the point.
      expect(call.print()).toMatch(/2\.2s +· app timer 2 s\b[^\n]*\n[^\n]*2\.6s +· app timer 2\.4 s\b[^\n]*\n[^\n]*\b(2\.[6-9]|3\.\d)s +3 → PLAYED/)
    } finally {
      reminders.forEach(clearTimeout)
    }
  })

  /**
   * A timer set after the lookup counts, on the call's clock, from the instant the lookup began
   * (the clock stood still meanwhile), so it came first there though production fires it after
   * the app's timers set before the lookup; callspec looked at the timers in the call clock's
   * order (audit-118, every platform and under the agent). Production below counts from ANSWERED
   * at 0.2 s; the prompt takes 1.2 s (three words of TTS); every instant is at least 0.1 s from the next.
   */
  describe('timers set after the lookup keep their place in production', () => {
    /** On ANSWERED runs `answered` (given a timer setter that names each timer by its delay), then plays the prompt; the answer to PLAYED tells which fired. */
    const firedBeforePlayed = async (answered: (after: (ms: number) => void) => Promise<unknown>) => {
      const fired: string[] = []
      const timers: Array<ReturnType<typeof setTimeout>> = []
      const after = (ms: number) => void timers.push(setTimeout(() => fired.push(`${ms / 1000} s`), ms))
      const app = tellsAfterPrompt(
        () => (res: ServerResponse) => void answered(after).then(() => sendAction(res, { action: 'PLAY', audio: [tts('Hello there, welcome.')] })),
        () => `fired: ${fired.join(', ') || 'none'}`,
      )
      try {
        return await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('PLAY').expectHangup()
      } finally {
        timers.forEach(clearTimeout)
      }
    }

    it('a 1.3 s timer set after a 1.5 s lookup does not send PLAYED ahead of the 2 s reminder set before it (reminder 2.2 s, PLAYED 2.9 s, the 1.3 s timer 3.0 s)', async () => {
      const call = await firedBeforePlayed(async (after) => {
        after(2_000)
        await lookup(1_500)
        after(1_300)
      })
      expect(call).toHavePlayed('fired: 2 s')
      // The reminder at its own instant; PLAYED when the prompt played after the lookup ends (audit-136
      // F07); the 1.3 s timer after PLAYED, at about 3.0 s (the real time held decides: one run on
      // Node 24 counted the lookup 0.1 s short, PLAYED at 2.8 s and the timer at 2.9 s, both in order).
      expect(call.print()).toMatch(/2\.2s +· app timer 2 s\b[^\n]*\n[^\n]*\b(2\.[89]|3\.\d)s +3 → PLAYED[\s\S]*\b(2\.9|3\.\d)s +· app timer 1\.3 s\b/)
    })

    it('a 0.8 s timer set after the lookup fires after the 2.1 s one set before it, as in production (2.3 s, then 2.5 s, PLAYED 2.9 s)', async () => {
      const call = await firedBeforePlayed(async (after) => {
        after(2_100)
        await lookup(1_500)
        after(800)
      })
      expect(call).toHavePlayed('fired: 2.1 s, 0.8 s')
    })

    it('two lookups: a 2.1 s timer set between them comes after PLAYED, the 2.3 s one set before them before it (2.5 s, PLAYED 2.9 s, 3.1 s)', async () => {
      const call = await firedBeforePlayed(async (after) => {
        after(2_300)
        await lookup(800)
        after(2_100)
        await lookup(700)
      })
      expect(call).toHavePlayed('fired: 2.3 s')
    })
  })

  /**
   * Real time held after the app acted runs the platform's event down as much as the app's timer:
   * the order stays the call clock's. Measured (audit-117), an EnableX app that played a 1.2 s
   * welcome on connected, beside a 1.5 s prefetch it did not await and a 1.8 s timer, had the timer
   * fire before the welcome ended.
   */
  it('EnableX: a 1.8 s timer set beside a 1.5 s prefetch fires after the 1.2 s welcome played at once ends', async () => {
    let fired = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const app = enablexApp(async (event, rest) => {
      const id = event.voice_id
      const say = (text: string, ref: string) => rest.call('PUT', `/call/${id}/play`, { text, voice: 'female', language: 'en-US', prompt_ref: ref })
      if (event.state === 'incomingcall') await rest.call('PUT', `/call/${id}/accept`)
      if (event.state === 'connected') {
        void lookup(1_500).catch(() => {})
        timer = setTimeout(() => (fired = true), 1_800)
        await say('Hello there, welcome.', 'welcome')
      }
      if (event.playstate === 'playfinished' && event.prompt_ref === 'welcome') await say(`timer fired first: ${fired}`, 'told')
      if (event.playstate === 'playfinished' && event.prompt_ref === 'told') await rest.call('DELETE', `/call/${id}`)
    })
    try {
      const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').expectAction('play').expectAction('hangup')
      expect(call).toHavePlayed('timer fired first: false')
    } finally {
      clearTimeout(timer)
    }
  })

  /**
   * The platform's next event comes when production's clock reaches it, whatever real I/O the app
   * still has in flight then. Before (audit-116 finding 4), it waited for that I/O to end: a 1.5 s
   * write a 300 ms timer started during a 1.2 s prompt was always over by PLAYED, where production
   * sends PLAYED 0.4 s into it.
   */
  it('a 1.5 s write a timer starts during a prompt is still in flight when the prompt ends, as in production', async () => {
    let logged = false
    let writing: ReturnType<typeof setTimeout> | undefined
    const app = tellsAfterPrompt(
      () => {
        writing = setTimeout(() => void lookup(1_500).then(() => (logged = true)), 300)
        return { action: 'PLAY', audio: [tts('One moment please.')] }
      },
      () => (logged ? 'logged' : 'not yet logged'),
    )
    try {
      const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('PLAY').expectHangup()
      expect(call).toHavePlayed('not yet logged')
    } finally {
      clearTimeout(writing)
    }
  })

  /**
   * After the app answered, while EnableX waits for its next REST request with nothing of its own
   * to come, an awaited request past the 2 s keeps the app's timers at real time's pace too. Before
   * (audit-116 finding 8), they fired as fast as they came: a heartbeat ran the call's clock far
   * ahead of the request, and with a backend that never answers, to the 4 h of limits.maxVirtualMs
   * in ~15 s of real time, with a message that named neither the request nor the wait.
   */
  describe('EnableX, after accept: an awaited request past the 2 s beside a heartbeat', () => {
    const acceptsThenPlays = (text: () => Promise<string>, heartbeatMs = 100) => {
      let heartbeat: ReturnType<typeof setInterval> | undefined
      const app = enablexApp(async (event, rest) => {
        if (event.state !== 'incomingcall') return
        await rest.call('PUT', `/call/${event.voice_id}/accept`)
        heartbeat = setInterval(() => {}, heartbeatMs)
        await rest.call('PUT', `/call/${event.voice_id}/play`, { text: await text(), voice: 'female', language: 'en-US', prompt_ref: 'greeting' })
      })
      return { app, stop: () => clearInterval(heartbeat) }
    }

    // The call's time keeps pace between the heartbeats too: before (audit-117), the play came at
    // the last heartbeat's instant, and the app's Date.now() read 3000 ms for a 3.5 s wait.
    it('a 3.5 s lookup beside a 1 s heartbeat: the play comes at about 3.5 s, as in production, and the app reads that much time gone', async () => {
      let started = 0
      const { app, stop } = acceptsThenPlays(async () => {
        started = Date.now()
        await lookup(3_500)
        return `waited ${Date.now() - started} ms`
      }, 1_000)
      try {
        const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play')
        expect(call.actions[1]!.at).toBeGreaterThan(3_200)
        expect(call.actions[1]!.at).toBeLessThan(4_500)
        const waited = Number(/waited (\d+) ms/.exec(call.print())![1])
        expect(waited).toBeGreaterThan(3_200)
        expect(call.print().match(/has had no answer for 2 s/g)).toHaveLength(1)
      } finally {
        stop()
      }
    }, 15_000)

    /**
     * The turns between the looks that pace the call's time with the request count too: counting only
     * the looks' own 2 ms sleeps, with a feed taking 4 ms of the app's CPU every 5 ms (a loaded
     * machine does the same to every turn), a 5.6 s lookup answered incomingcall at 4.96-5.0 s, within
     * EnableX's 5 s (2 runs in 3), where production answers at 5.6 s.
     */
    it('EnableX: incomingcall answered after a 5.6 s lookup beside a 1 s heartbeat while a feed keeps the app busy: past the 5 s, as in production', async () => {
      let heartbeat: ReturnType<typeof setInterval> | undefined
      const app = acceptsAfter(async () => {
        heartbeat = setInterval(() => {}, 1_000)
        const feed = connect(ticker.port(), '127.0.0.1').on('data', () => {
          const until = performance.now() + 4
          while (performance.now() < until);
        })
        await lookup(5_600)
        feed.destroy()
        clearInterval(heartbeat)
      })
      try {
        const failure = await callTo(app, { platform: 'enablex', warnings: 'silent', limits: { responseTimeoutMs: 12_000 } }).expectAction('accept').then(
          () => undefined,
          (error: unknown) => error as Error,
        )
        expect(failure?.message).toMatch(/the app answered incomingcall 5\.\d s after it was sent[\s\S]*rule enablex\/answer-in-time/)
      } finally {
        clearInterval(heartbeat)
      }
    }, 20_000)

    it('a backend that never answers: fails in the wait for the play, naming the request', async () => {
      const abandoned = new AbortController()
      const { app, stop } = acceptsThenPlays(() => fetch(`http://127.0.0.1:${backend.port()}/never`, { signal: abandoned.signal }).then((r) => r.text()))
      const started = performance.now()
      try {
        // The failure is the subject, not how long the wait for the play is: a 2.5 s one (past the 2 s
        // the request holds time for) rather than the default 4 s.
        const failure = await callTo(app, { platform: 'enablex', warnings: 'silent', limits: { appTimeoutMs: 2_500 } }).expectAction('accept').expectAction('play').then(
          () => undefined,
          (error: unknown) => error as Error,
        )
        expect(failure?.message).toContain("expectAction('play'): waited 2500 ms (limits.appTimeoutMs) for the app's next REST request to EnableX after the \"connected\" event (turn 2), and it never came. The app's own timers fired meanwhile")
        expect(failure?.message).toContain(`GET http://127.0.0.1:${backend.port()}/never → no answer yet`)
        expect(performance.now() - started).toBeLessThan(9_000)
      } finally {
        stop()
        abandoned.abort()
      }
    }, 20_000)
  })

  /**
   * A webhook's answer that never comes while the app awaits a request of its own: the failure
   * lists that request. Before (audit-117), a Webex Connect app awaiting a backend that never
   * answered failed with only "the app never answered".
   */
  it('Webex Connect: an answer awaiting a backend that never answers, beside a 100 ms heartbeat, fails naming the request', async () => {
    const abandoned = new AbortController()
    let heartbeat: ReturnType<typeof setInterval> | undefined
    const app = greetsWith(() => {
      heartbeat = setInterval(() => {}, 100)
      return fetch(`http://127.0.0.1:${backend.port()}/never`, { signal: abandoned.signal }).then((r) => r.text(), () => 'aborted')
    })
    try {
      const failure = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').then(
        () => undefined,
        (error: unknown) => error as Error,
      )
      expect(failure?.message).toContain("expectAction('PLAY'): no answer to ANSWERED")
      expect(failure?.message).toMatch(new RegExp(`The app's requests still in flight \\(its answer may be waiting on one\\):\\n  • GET http://127\\.0\\.0\\.1:${backend.port()}/never: no answer after [3-6]\\.\\d s of real time \\(callspec stopped waiting for it after 2 s\\)`))
    } finally {
      clearInterval(heartbeat)
      abandoned.abort()
    }
  }, 15_000)

  /**
   * A request an earlier call (an earlier test) left unanswered past the 2 s stops holding time,
   * and so do later ones to its host, in that call. Before (audit-116 finding 3), in every later
   * call of the process too: a 500 ms lookup to that host lost to its 1 s guard, and the same test
   * passed when run alone.
   */
  describe('a host an earlier call stopped waiting for holds time again in the next', () => {
    const racing = () => greetsWith(async () => `hello ${await Promise.race([lookup(500).then(() => 'Ada'), sleep(1_000).then(() => 'fallback')])}`)

    /** `earlier` leaves a request to the backend unanswered (aborted with its signal after the test); the next call races the lookup. */
    async function racesAfter(earlier: (signal: AbortSignal) => Promise<unknown>) {
      const abandoned = new AbortController()
      try {
        await earlier(abandoned.signal)
        const call = await greeting(racing())
        expect(call).toHavePlayed('hello Ada')
        expect(call.print()).not.toContain('no longer waits')
      } finally {
        abandoned.abort()
      }
    }

    it('given up in the earlier call: the 500 ms lookup beats a 1 s guard', () =>
      racesAfter(async (signal) => {
        const forgetful = greetsWith(async () => {
          neverAnswered(signal)
          return 'Hello.'
        })
        expect((await greeting(forgetful)).print()).toContain('callspec no longer waits for it')
      }), 15_000)

    // The earlier call ended before its request's 2 s ran out (a short appTimeoutMs, as after a
    // failed step): the request, still unanswered, stalled its host again at the next call's first look.
    it('still awaited when the earlier call ended: it does not stall its host in the next', () =>
      racesAfter(async (signal) => {
        await greeting(forgetsOnHangUp(signal), { appTimeoutMs: 300 })
        await realSleep(2_200)
      }), 15_000)
  })

  /**
   * One request that never answers costs a call the 2 s once, on a keep-alive connection an earlier
   * call left open too. Before, that connection was first looked at once the request had stopped
   * holding time, and held the call for its own 2 s after (4 s of real time).
   */
  it('a request that never answers, on a connection an earlier call kept alive, holds the call for the 2 s once', async () => {
    const abandoned = new AbortController()
    await greeting(greetsWith(async () => `hello ${await lookup(50)}`))
    try {
      const started = performance.now()
      const call = await greeting(forgetsOnHangUp(abandoned.signal))
      expect(call.print()).toContain('GET http://127.0.0.1:<port>/never has had no answer for 2 s')
      expect(performance.now() - started).toBeLessThan(3_000)
    } finally {
      abandoned.abort()
    }
  }, 15_000)
})
