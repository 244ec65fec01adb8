import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, startPinIvr } from './run-cli.js'

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

let url: string
let server: Server
const dir = mkdtempSync(join(tmpdir(), 'callspec-dial-'))
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
    const command = `${process.execPath} --import tsx src/cli/index.ts dial ${url} --platform webex-connect --webhook-path /webex/events --save ${saved}; echo "EXITED $?"; sleep 60`
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
    expect(shown).toContain('  - press: 1234#\n  - expect: PLAY\n  - heard: Thank you. Press 1 for your balance')

    const yaml = readFileSync(saved, 'utf8')
    expect(yaml).toContain(`target: ${url}\nwebhookPath: /webex/events\nfrom: "+14155550100"\nto: "+14155550199"\nseed: 1\nsteps:\n  - expect: ANSWER\n  - silent\n  - expect: PLAY\n`)
    expect(yaml.trimEnd().endsWith('  - expectHangup')).toBe(true)
    const replay = await cli(['run', saved])
    expect(replay.out).toContain('all passed, 1 passed, 1 call(s)')
    expect(replay.code).toBe(0)
  }, 120_000)

  it('says what is wrong with its arguments', async () => {
    expect(await cli(['dial', 'localhost:8000', '--platform', 'webex-connect'])).toMatchObject({ code: 2, err: 'callspec dial: give the app’s URL, such as http://127.0.0.1:8000\nRun callspec dial --help for the options.\n' })
    expect(await cli(['dial', 'http://127.0.0.1:8000'])).toMatchObject({ code: 2, err: expect.stringContaining('callspec dial: --platform is one of webex-connect, enablex, 8x8, voxology') })
  })
})
