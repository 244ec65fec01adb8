import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, cliProcess, startPinIvr } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'
import { freePort } from '../helpers/free-port.js'
import { cliShellCommand } from '../helpers/cli-command.js'

/** `callspec dial` in a real pseudo-terminal: tmux runs it, send-keys types, capture-pane reads the screen. */
const session = `callspec-dial-${process.pid}`
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' })
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session)

async function waitFor(text: string, timeoutMs = 40_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const shown = screen()
    if (shown.includes(text)) return shown
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${JSON.stringify(text)}; it shows:\n${shown}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** `callspec dial` in a process of its own with `input` piped to its stdin (then closed), as `printf '1\\n' | callspec dial …` runs it. */
const dialPiped = (args: string[], input: string) => cliProcess(args, { input })

/**
 * The audit's Python IVR (mistakes/34-dial-piped) in Node: a menu, then a PIN, with the caller's
 * place kept per sessionId across requests, as many apps keep it. dial replays the call from its
 * start for each input with the same sessionId, so this app answers a replay from where the last
 * run left off: at the last replay (the hang-up), pressing 1 again finds the call "done".
 */
async function startStatefulIvr(): Promise<{ url: string; server: Server }> {
  const places = new Map<string, string>()
  const tts = (text: string, collectInput?: object) => ({ action: 'PLAY', audio: [{ type: 'TTS', text }], ...(collectInput && { collectInput }) })
  const answer = (body: { event?: string; sessionId?: string; digitsReceived?: string }): object | undefined => {
    const at = places.get(body.sessionId ?? '') ?? 'menu'
    if (body.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (body.event === 'ANSWERED') return tts('Welcome to Acme. Press 1 for your balance.', { maxDigits: 1 })
    if (body.event === 'PLAYED') return { action: 'HANGUP' }
    if (body.event !== 'COLLECTED_DIGITS') return undefined
    if (at === 'menu' && body.digitsReceived === '1') {
      places.set(body.sessionId!, 'pin')
      return tts('Please enter your PIN, followed by the hash key.', { terminationDigit: '#' })
    }
    if (at === 'pin' && body.digitsReceived === '1234') {
      places.set(body.sessionId!, 'done')
      return tts('Your balance is 42 dollars. Goodbye.')
    }
    if (at === 'pin') return tts('That PIN is not right. Please enter your PIN, followed by the hash key.', { terminationDigit: '#' })
    return undefined
  }
  const stateful = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const out = answer(JSON.parse(body || '{}') as object)
      if (out) res.setHeader('content-type', 'application/json')
      res.end(out ? JSON.stringify(out) : '')
    })
  })
  stateful.listen(0, '127.0.0.1')
  await once(stateful, 'listening')
  return { url: `http://127.0.0.1:${(stateful.address() as AddressInfo).port}`, server: stateful }
}

const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()))

let url: string
let server: Server
const dir = tempDir('dial')
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(async () => {
  try {
    tmux('kill-session', '-t', session)
  } catch {
    // already gone
  }
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('callspec dial', () => {
  it('plays the call in a terminal, then prints the scenario file, which passes as a test', async () => {
    const saved = join(dir, 'recorded.yaml')
    const command = `${cliShellCommand(['dial', url, '--platform', 'webex-connect', '--webhook-path', '/webex/events', '--save', saved])}; echo "EXITED $?"; sleep 60`
    tmux('new-session', '-d', '-s', session, '-x', '220', '-y', '60', '-c', process.cwd(), command)

    let shown = await waitFor('caller> ')
    expect(shown).toContain('♪ "Welcome to Acme Bank. Please enter your PIN, followed by the hash key."')
    tmux('send-keys', '-t', session, '1234#', 'Enter')
    shown = await waitFor('♪ "Thank you. Press 1 for your balance')
    expect(shown).toMatch(/☎ presses 1234#\n\s+[\d.]+s {2}→ COLLECTED_DIGITS "1234" \+ #/)
    tmux('send-keys', '-t', session, '1', 'Enter')
    await waitFor('♪ "Your balance is $42.17. Goodbye."')
    // Enter: stay silent until the app acts; it hangs up after its goodbye.
    tmux('send-keys', '-t', session, '', 'Enter')
    shown = await waitFor('EXITED 0')
    expect(shown).toContain('■ call ended by app: HANGUP (flow complete)')
    expect(shown).toContain('# ── the equivalent scenario file ──')
    expect(shown).toContain('  - press: "1234#"\n  - expect: PLAY\n  - heard: Thank you. Press 1 for your balance')

    const yaml = readFileSync(saved, 'utf8')
    expect(yaml).toContain(`target: ${url}\nwebhookPath: /webex/events\nfrom: "+14155550100"\nto: "+14155550199"\nseed: 1\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n`)
    expect(yaml.trimEnd().endsWith('  - expectHangup')).toBe(true)
    const replay = await cli(['run', saved])
    expect(replay.out).toContain('all passed, 1 passed, 1 call(s)')
    expect(replay.code).toBe(0)
  }, 120_000)

  it('with piped input: the end of the input is the caller hanging up, recorded as a hangup step; keys are quoted; the file passes callspec run', async () => {
    const saved = join(dir, 'piped.yaml')
    const { code, out, err } = await dialPiped(['dial', url, '--platform', 'webex-connect', '--webhook-path', '/webex/events', '--save', saved], '1234#\n')
    expect(err).toBe(`callspec: scenario written to ${saved}\n`)
    expect(code).toBe(0)
    // ANSWER, then the app's own ANSWERED: the caller did nothing, so no silence is shown or recorded.
    expect(out).toMatch(/ {9}← ANSWER\n {3}0\.2s {2}→ ANSWERED /)
    expect(out).not.toContain('stays silent')
    // The input ends at the menu: the caller hangs up there; no step failed.
    expect(out).toMatch(/caller> \n +[\d.]+s {2}☎ hangs up\n(?:.*\n)*? {2}■ call ended by caller: caller hung up\n/)
    expect(out).not.toContain('✖')
    expect(out).not.toContain('that step was not taken')
    const yaml = readFileSync(saved, 'utf8')
    expect(yaml).toMatch(
      /\nsteps:\n {2}- expect: ANSWER\n {2}- expect: PLAY\n {2}- heard: Welcome to Acme Bank\. Please enter your PIN, followed by the hash key\.\n {2}- press: "1234#"\n {2}- expect: PLAY\n {2}- hangup\n$/,
    )
    expect(out).toContain(`# ── the equivalent scenario file ──\n${yaml}`)
    const replay = await cli(['run', saved])
    expect(replay.out).toContain('all passed, 1 passed, 1 call(s)')
    expect(replay.code).toBe(0)
  }, 60_000)

  // audit-122 finding 2: into a directory that did not exist, the whole call ran, then callspec's
  // own ENOENT stack trace, exit 2.
  it('--save makes the directories the file needs, and refuses a path it cannot write before the call', async () => {
    const saved = join(dir, 'new', 'deeper', 'call.yaml')
    const dialled = await dialPiped(['dial', url, '--platform', 'webex-connect', '--webhook-path', '/webex/events', '--save', saved], '1234#\n')
    expect(dialled.err).toBe(`callspec: scenario written to ${saved}\n`)
    expect(readFileSync(saved, 'utf8')).toMatch(/\n {2}- press: "1234#"\n/)
    expect(dialled.code).toBe(0)
    const refused = await dialPiped(['dial', url, '--platform', 'webex-connect', '--save', dir], '1234#\n')
    expect(refused).toMatchObject({ code: 2, out: '', err: `callspec dial: --save ${dir} names a directory: name a file in it\nRun callspec dial --help for the options.\n` })
    const underFile = join(saved, 'call.yaml')
    const blocked = await dialPiped(['dial', url, '--platform', 'webex-connect', '--save', underFile], '1234#\n')
    expect(blocked).toMatchObject({ code: 2, out: '', err: expect.stringContaining(`callspec dial: --save ${underFile} cannot be written: `) })
    expect(blocked.err).toContain('call.yaml is a file, not a directory')
  }, 60_000)

  it('with piped input to an app that keeps state per call: the hang-up at the end of the input is recorded, not reported as a step not taken', async () => {
    const saved = join(dir, 'stateful.yaml')
    const first = await startStatefulIvr()
    let out: string
    try {
      const dialled = await dialPiped(['dial', first.url, '--platform', 'webex-connect', '--save', saved], '1\n1234#\n')
      expect(dialled.code).toBe(0)
      out = dialled.out
    } finally {
      await close(first.server)
    }
    expect(out).toContain('♪ "Your balance is 42 dollars. Goodbye."\ncaller> \n  ☎ hangs up\n')
    expect(out).not.toContain('✖')
    expect(out).not.toContain('that step was not taken')
    // The replay to the hang-up went another way (the app kept the first run's state): said, as a warning.
    expect(out).toContain(
      "  ⚠ the replay of the call to its hang-up failed: [callspec] turn 3, pressDigits('1'): the app answered COLLECTED_DIGITS with an empty body; the platform expects one JSON action object. The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here (rule webex-connect/no-action-answer).\n" +
        '    Each input replays the call from its start with the same seed (the same sessionId): an app that keeps state across calls answers the replay differently. Check the recorded file against a restarted app.\n' +
        '  ■ hung up\n',
    )
    const yaml = readFileSync(saved, 'utf8')
    expect(yaml).toMatch(/\n {2}- press: "1"\n {2}- expect: PLAY\n {2}- press: "1234#"\n {2}- expect: PLAY\n {2}- hangup\n$/)
    // Against the app restarted (no state left), the recorded call passes.
    const fresh = await startStatefulIvr()
    try {
      const replay = await cli(['run', saved, '--target', fresh.url])
      expect(replay.out).toContain('all passed, 1 passed, 1 call(s)')
      expect(replay.code).toBe(0)
    } finally {
      await close(fresh.server)
    }
  }, 60_000)

  it('exits 2 when the call finds no app at the target: nothing listening, or a host not found (as callspec run does)', async () => {
    const port = await freePort()
    const refused = await dialPiped(['dial', `http://127.0.0.1:${port}`, '--platform', 'webex-connect'], '1\n')
    expect(refused.out).toContain(`nothing listens at 127.0.0.1:${port}: is the app running? (connection refused)\n  (that step was not taken)`)
    expect(refused.code).toBe(2)
    const unknown = await dialPiped(['dial', 'http://no-such-host.invalid:8000', '--platform', 'webex-connect'], '1\n')
    expect(unknown.out).toContain('the host no-such-host.invalid was not found: is the host name right? (host not found)\n  (that step was not taken)')
    expect(unknown.code).toBe(2)
  }, 60_000)

  it('says what is wrong with its arguments', async () => {
    expect(await cli(['dial', 'localhost:8000', '--platform', 'webex-connect'])).toMatchObject({ code: 2, err: 'callspec dial: give the app’s URL, such as http://127.0.0.1:8000\nRun callspec dial --help for the options.\n' })
    expect(await cli(['dial', 'http://127.0.0.1:8000'])).toMatchObject({ code: 2, err: expect.stringContaining('callspec dial: --platform is one of webex-connect, enablex, 8x8, voxology') })
  })
})
