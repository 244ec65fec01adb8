/**
 * What the app keeps across calls (a shared connection, a helper process, a worker thread) and an
 * earlier call gave up waiting on (a message it sent had no reply for 2 s: a `noreply` write, a log
 * line) is awaited afresh in the next call, for what that call asks it, if it has answered before.
 * Before (audit-117), it stayed given up for the rest of the process: a later test's 300 ms answer
 * from it lost to a 1 s guard in ~10 ms of real time, with no note, and the same test passed alone.
 * One that never answered (logs shipped over TCP) stays given up: awaited afresh, it would cost
 * every call 2 s (test/clock/helpers-at-load.test.ts).
 */
import { connect, type Socket } from 'node:net'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { greetsWith } from '../helpers/webex-apps.js'

/** A line protocol in a process of its own: `<ms>` is answered `Ada` after that many ms, `log` never. */
const LINES = `const answer = (line, reply) => { if (line !== 'log') setTimeout(() => reply('Ada\\n'), Number(line)) }`
const tcp = serviceProcess(
  `${LINES}; require('node:net').createServer((c) => c.on('data', (d) => String(d).trim().split('\\n').forEach((l) => answer(l, (t) => c.write(t))))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`,
)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const guarded = (answer: Promise<string>) => Promise.race([answer, sleep(1_000).then(() => 'fallback')])
const greeting = (text: () => Promise<string>) => callTo(greetsWith(text), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

/** Sends with `send` and resolves with the first `event` `from` emits after it: a line, a message. */
const reply = (from: { once(event: string, listener: (data: unknown) => void): unknown }, event: string, send: () => unknown) =>
  new Promise<string>((resolve) => {
    from.once(event, (data) => resolve(String(data).trim()))
    send()
  })

/**
 * Two calls: in the first the app asks the peer something (answered), then tells it something it
 * never answers; in the second it asks it again, against a 1 s guard.
 */
async function askedAfterTold(tell: () => void, ask: () => Promise<string>) {
  const first = await greeting(async () => {
    await ask()
    tell()
    return 'Hello.'
  })
  expect(first.print()).toContain('callspec no longer waits for it')
  const call = await greeting(async () => `hello ${await guarded(ask())}`)
  expect(call).toHavePlayed('hello Ada')
}

describe('given up in an earlier call, awaited afresh in the next', () => {
  let socket: Socket
  beforeAll(async () => {
    socket = connect(tcp.port(), '127.0.0.1')
    await once(socket, 'connect')
  })
  afterAll(() => socket?.destroy())

  it('a shared TCP connection: a noreply write, then a 300 ms query', () =>
    askedAfterTold(
      () => socket.write('log\n'),
      () => reply(socket, 'data', () => socket.write('300\n')),
    ), 15_000)

  describe('a helper process on stdin and stdout', () => {
    let helper: ChildProcess
    beforeAll(async () => {
      helper = spawn(process.execPath, ['-e', `${LINES}; process.stdin.on('data', (d) => String(d).trim().split('\\n').forEach((l) => answer(l, (t) => process.stdout.write(t))))`], { stdio: ['pipe', 'pipe', 'inherit'] })
      await sleep(200)
    })
    afterAll(() => helper?.kill())

    it('a log line, then a 300 ms question', () =>
      askedAfterTold(
        () => helper.stdin!.write('log\n'),
        () => reply(helper.stdout!, 'data', () => helper.stdin!.write('300\n')),
      ), 15_000)
  })

  describe('a worker thread', () => {
    let worker: Worker
    beforeAll(async () => {
      worker = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => { if (m !== 'log') setTimeout(() => parentPort.postMessage('Ada'), m) })`, { eval: true })
      await once(worker, 'online')
    })
    afterAll(() => worker?.terminate())

    it('a fire-and-forget message, then a 300 ms job', () =>
      askedAfterTold(
        () => worker.postMessage('log'),
        () => reply(worker, 'message', () => worker.postMessage(300)),
      ), 15_000)
  })
})
