/**
 * A helper the app starts at load (a worker thread, a child over IPC, a child speaking lines on
 * its stdin and stdout) and asks something while handling a webhook is real work on real time:
 * the call's clock must not move past it to a guard the app raced it against. Measured before
 * (this round's probe, each helper answering in 50 ms against a 1.5 s guard): the worker and the
 * IPC child lost to the guard in every call; the stdio child held its first call for 2 s, with a
 * note naming no one (`the app's connection to :`), and lost to the guard in every call after.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** `ask()` raced against the app's own 1.5 s guard: the helper's answer, or "guest". */
function guarded(ask: () => Promise<string>): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const guard = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('guest'), 1_500)))
  return Promise.race([ask(), guard]).finally(() => clearTimeout(timer))
}

/** ANSWERED is answered with a greeting for whoever `ask` names. */
const greeter = (ask: () => Promise<string>) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') {
      return (res: import('node:http').ServerResponse) =>
        void guarded(ask).then((name) => {
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify({ action: 'PLAY', audio: [tts(`Hello ${name}.`)] }))
        })
    }
    if (event.event === 'DROPPED') return undefined
    return { action: 'HANGUP' }
  })

const greet = (ask: () => Promise<string>) => callTo(greeter(ask), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

/** The virtual instant the PLAY came at. */
const playAt = (call: Awaited<ReturnType<typeof greet>>) => call.actions.find((a) => a.name === 'PLAY')!.at

// Started as the app's module loads, before any call: each echoes what it is asked after 50 ms.
const worker = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => setTimeout(() => parentPort.postMessage(m), 50))', { eval: true })
const viaWorker = () =>
  new Promise<string>((resolve) => {
    worker.once('message', resolve)
    worker.postMessage('Alice')
  })
const ipc = spawn(process.execPath, ['-e', 'process.on("message", (m) => setTimeout(() => process.send(m), 50))'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
const viaIpc = () =>
  new Promise<string>((resolve) => {
    ipc.once('message', (m) => resolve(String(m)))
    ipc.send('Alice')
  })
const lines = spawn(process.execPath, ['-e', 'require("node:readline").createInterface({ input: process.stdin }).on("line", (l) => setTimeout(() => console.log(l), 50))'], { stdio: ['pipe', 'pipe', 'inherit'] })
const lineReader = createInterface({ input: lines.stdout })
const viaLines = () =>
  new Promise<string>((resolve) => {
    lineReader.once('line', resolve)
    lines.stdin.write('Alice\n')
  })
// One the app only tells things: it never answers.
const sink = new Worker('require("node:worker_threads").parentPort.on("message", () => {})', { eval: true })

afterAll(async () => {
  ipc.kill()
  lines.kill()
  await Promise.all([worker.terminate(), sink.terminate()])
})

describe('a helper started at load holds the call’s time while it works on what the app asked', () => {
  for (const [helper, ask] of [
    ['a worker thread, asked with postMessage', viaWorker],
    ['a child process, asked over IPC (child.send)', viaIpc],
    ['a child process, asked a line on its stdin', viaLines],
  ] as const) {
    it(`${helper}: its answer, in every call, with no guard and no note`, async () => {
      for (let i = 0; i < 3; i++) {
        const call = await greet(ask)
        expect(call).toHavePlayed('Hello Alice.')
        expect(playAt(call)).toBeLessThan(1_000)
        expect(call.print()).not.toMatch(/app timer 1\.5 s|no longer waits/)
      }
    })
  }

  it('a worker the app only tells things holds one call for 2 s, says so, and no call after', async () => {
    const tell = () => {
      sink.postMessage('caller arrived')
      return Promise.resolve('Bob')
    }
    const started = performance.now()
    const first = await greet(tell)
    expect(performance.now() - started).toBeGreaterThan(1_900)
    expect(first).toHavePlayed('Hello Bob.')
    expect(first.print()).toContain(`the app's worker thread ${sink.threadId} has sent no message back for 2 s: callspec no longer waits for it (it holds no more of the call's time) until it sends one`)
    const again = performance.now()
    const second = await greet(tell)
    expect(performance.now() - again).toBeLessThan(1_000)
    expect(second.print()).not.toContain('no longer waits')
  })
})
