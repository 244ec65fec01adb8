/**
 * `callspec explore` and `callspec dial` against an EnableX app in another language, from the
 * command line only (audit-76 F1, M3). The app drives the call through the vendor's REST API, so
 * it needs callspec's fake of it at a URL it knows before it starts: `--api <port>`. Measured
 * before: neither command had --api (`Unknown option '--api'`, exit 2) though their failure said
 * to use it, and explore exited 0 when its calls could not even start.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/free-port.js'
import { tempDir } from '../helpers/temp-dir.js'
import { cliProcess } from './run-cli.js'

/**
 * The audit's Acme Bank IVR (standard-library Python): accept, a menu; 1 balance, 2 agent; an
 * invalid key: an apology and the menu, twice, then goodbye. ACCEPT_DELAY (seconds): how long it
 * takes before it accepts, as a cold app's first request to the vendor does.
 */
const IVR_PY = String.raw`
import json, os, threading, time, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
API = os.environ["ENABLEX_API_URL"].rstrip("/")
MENU = "Welcome to Acme Bank. Press 1 for your balance, or 2 to speak to an agent."
attempts = {}
def enablex(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Authorization", "Basic bXktYXBwLWlkOm15LWFwcC1rZXk=")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()
def play(vid, text, ref, dtmf=False):
    body = {"text": text, "voice": "female", "language": "en-US", "prompt_ref": ref}
    if dtmf:
        body["dtmf"] = True
    enablex("PUT", f"/call/{vid}/play", body)
def retry_or_bye(vid):
    attempts[vid] = attempts.get(vid, 0) + 1
    if attempts[vid] <= 2:
        play(vid, "Sorry, that is not a valid choice.", "invalid")
    else:
        play(vid, "Sorry, we could not understand your choice. Goodbye.", "goodbye")
def handle(ev):
    vid = ev.get("voice_id")
    state, playstate = ev.get("state"), ev.get("playstate")
    if state == "incomingcall":
        attempts[vid] = 0
        time.sleep(float(os.environ.get("ACCEPT_DELAY", "0")))
        enablex("PUT", f"/call/{vid}/accept")
        play(vid, MENU, "menu", dtmf=True)
    elif playstate == "digitcollected":
        digit = str(ev.get("digit", ""))
        if digit == "1":
            play(vid, "Your balance is 42 dollars and 17 cents.", "balance")
        elif digit == "2":
            enablex("PUT", f"/call/{vid}/connect", {"from": ev.get("to", ""), "to": "14155550142"})
        else:
            retry_or_bye(vid)
    elif playstate == "menutimeout":
        retry_or_bye(vid)
    elif playstate == "playfinished":
        if ev.get("prompt_ref") in ("balance", "goodbye"):
            enablex("DELETE", f"/call/{vid}")
        elif ev.get("prompt_ref") == "invalid":
            play(vid, MENU, "menu", dtmf=True)
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def do_POST(self):
        ev = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        self.send_response(200); self.end_headers()
        threading.Thread(target=handle, args=(ev,), daemon=True).start()
    def log_message(self, *a):
        pass
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
`

let app: ChildProcess
let url: string
let apiPort: number

/** Starts the IVR as the persona does: by hand, pointed at the fixed port callspec will serve the fake API on. */
async function startIvr(api: number, env: Record<string, string> = {}): Promise<{ app: ChildProcess; url: string }> {
  const dir = tempDir('explore-dial-api')
  writeFileSync(join(dir, 'ivr.py'), IVR_PY)
  const appPort = await freePort()
  const url = `http://127.0.0.1:${appPort}`
  const app = spawn('python3', [join(dir, 'ivr.py')], { env: { ...process.env, ...env, PORT: String(appPort), ENABLEX_API_URL: `http://127.0.0.1:${api}/voice/v1` }, stdio: 'ignore' })
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/health`).then(() => true, () => false)
    if (up) break
    if (i > 100) throw new Error('the Python app never answered')
    await new Promise((r) => setTimeout(r, 100))
  }
  return { app, url }
}

beforeAll(async () => {
  apiPort = await freePort()
  ;({ app, url } = await startIvr(apiPort))
})

afterAll(() => {
  app?.kill()
})

describe('callspec explore --api: an EnableX app in another process', { timeout: 120_000 }, () => {
  it('explores it with the fake API on the port the app was started with: the menus, the retry limit, no false finding', async () => {
    const dir = tempDir('explore-dial-api-out')
    const scenarios = join(dir, 'explored.yaml')
    const explored = await cliProcess(['explore', url, '--platform', 'enablex', '--api', String(apiPort), '--max-depth', '4', '--emit-scenarios', scenarios])
    expect(explored.err).toBe(`enablex's REST API (callspec's fake) at http://127.0.0.1:${apiPort}: CALLSPEC_ENABLEX_API_URL\n`)
    expect(explored.out).toMatch(/^callspec explore \(enablex\): \d+ calls, 2 menus, 7 nodes, \d+ edges, depth \d+, [\d.]+ s\n\n1\. \[transfer\] The call is transferred: connect → 14155550142\.\n/)
    expect(explored.out).not.toMatch(/\[dead-end\]|\[repeated-prompt\]|\[app-error\]/)
    expect(explored.code).toBe(0)
    // The file it wrote passes callspec run against the same app, each path as explored.
    const run = await cliProcess(['run', scenarios, '--api', String(apiPort)])
    expect(run.out).toMatch(/✔ invalid → 1 ⇒ "Your balance is # dollars and # cents\.", then ended by app: DELETE \/voice\/v1\/call\/\{voice_id\}/)
    expect(run.out).toMatch(/\nall passed, (\d+) passed, \1 call\(s\) in [\d.]+ s\n$/)
    expect(run.code).toBe(0)
  })

  it('without --api, exits 2: no call could start, and says how to give the app the fake API from callspec explore', async () => {
    const explored = await cliProcess(['explore', url, '--platform', 'enablex', '--time-limit', '20s'])
    // No finding of the app either (audit-108: "[app-error] The call fails", blaming the app for the missing flag).
    expect(explored.out).toBe('')
    expect(explored.err).toBe(
      'callspec explore: no call could start, so nothing was explored: an app on enablex drives the call through the fake enablex API, but the app runs outside this process. ' +
        // In this command's terms, not the TypeScript API's (before: startPlatform() and callTo() first, then a second line for the command).
        'Start one with `callspec explore --api <port>` on a fixed port (--api 9999), and start the app first with its enablex base URL on that port (http://127.0.0.1:9999/voice/v1).\n',
    )
    expect(explored.code).toBe(2)
  })

  it('refuses --api 0 (a free port the app, already running, cannot know) before any call', async () => {
    const explored = await cliProcess(['explore', url, '--platform', 'enablex', '--api', '0'])
    expect(explored.err).toBe(
      'callspec explore: --api 0 would pick a free port that the app, started before callspec explore, cannot know: give a fixed port, such as --api 9999, and start the app with its vendor base URL there (http://127.0.0.1:9999).\nRun callspec explore --help for the options.\n',
    )
    expect(explored.code).toBe(2)
  })
})

describe('callspec dial --api: an EnableX app in another process', { timeout: 120_000 }, () => {
  /** `printf … | callspec dial …`: the lines piped, then the end of the input (the caller hangs up). */
  const dialPiped = (args: string[], input: string) => cliProcess(['dial', ...args], { input })

  it('calls it: an invalid key, the apology and the menu again, then 1 and the balance; prints the scenario file', async () => {
    const dialled = await dialPiped([url, '--platform', 'enablex', '--api', String(apiPort)], '7\n1\n')
    expect(dialled.err).toBe(`enablex's REST API (callspec's fake) at http://127.0.0.1:${apiPort}: CALLSPEC_ENABLEX_API_URL\n`)
    expect(dialled.out).toContain('♪ "Sorry, that is not a valid choice."')
    expect(dialled.out).toContain('♪ "Your balance is 42 dollars and 17 cents."')
    expect(dialled.out).toMatch(/■ call ended by app: /)
    expect(dialled.out).toMatch(/- press: "7"\n {2}- expect: play\n {2}- heard: Sorry, that is not a valid choice\.\n {2}- expect: play\n {2}- heard: Welcome to Acme Bank\. Press 1 for your balance, or 2 to speak to an agent\.\n {2}- press: "1"\n/)
    expect(dialled.code).toBe(0)
  })

  // audit-122 finding 3: the prompt came while the call still rang (a cold app accepted after
  // dial's first look), so the first key went in before the accept and every later entry was off by
  // one: `- press: "1"` then `- expect: accept`, and two keys joined as `digitcollected "11"`.
  it('waits for an app slow to accept before it takes the first key, and records the call as it went', async () => {
    const slowApi = await freePort()
    const slow = await startIvr(slowApi, { ACCEPT_DELAY: '0.6' })
    try {
      const dialled = await dialPiped([slow.url, '--platform', 'enablex', '--api', String(slowApi)], '7\n1\n')
      expect(dialled.out).toMatch(/\n {2}- expect: accept\n {2}- expect: play\n {2}- heard: Welcome to Acme Bank\. Press 1 for your balance, or 2 to speak to an agent\.\n {2}- press: "7"\n {2}- expect: play\n {2}- heard: Sorry, that is not a valid choice\.\n/)
      expect(dialled.out).toMatch(/- press: "1"\n {2}- expect: play\n {2}- heard: Your balance is 42 dollars and 17 cents\.\n/)
      expect(dialled.code).toBe(0)
    } finally {
      slow.app.kill()
    }
  })

  it('without --api, says how to give the app the fake API from callspec dial', async () => {
    const dialled = await dialPiped([url, '--platform', 'enablex'], '1\n')
    expect(dialled.out).toContain(
      'but the app runs outside this process. Start one with `callspec dial --api <port>` on a fixed port (--api 9999), and start the app first with its enablex base URL on that port (http://127.0.0.1:9999/voice/v1).\n',
    )
    expect(dialled.out).not.toContain('startPlatform(')
    // The call could not start as dialled: exit 2, as callspec run and explore exit for it.
    expect(dialled.code).toBe(2)
  })
})
