/**
 * An in-process app that awaits real I/O callspec has no hook on (a file read, a query to a
 * database over its own TCP connection) while an older timer of its own is pending (a 30 s idle
 * hang-up): time must not move to that timer before the I/O answers. Measured before: the call
 * jumped to virtual 30 s and the app hung up instead of playing the balance, in every run.
 */
import { readFile } from 'node:fs/promises'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { accepting, tts, type EnableXEvent, type Rest } from '../drivers/enablex/apps.js'

// The stand-in database answers in real time: its timer is taken before any call fakes the globals.
const realSetTimeout = globalThis.setTimeout
let db: Server
let port = 0
beforeAll(async () => {
  db = createServer((socket) => socket.on('data', (line) => realSetTimeout(() => socket.write(`ok ${String(line).trim()}\n`), 80)))
  await new Promise<void>((resolve) => db.listen(0, '127.0.0.1', resolve))
  port = (db.address() as { port: number }).port
})
afterAll(() => new Promise((resolve) => db.close(resolve)))

/** One connection, opened before the call (as a pool would be), and one query at a time over it. */
async function dbClient() {
  const socket: Socket = connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  return {
    query: (q: string) => new Promise<string>((resolve) => (socket.once('data', (d) => resolve(String(d))), socket.write(`${q}\n`))),
    close: () => socket.destroy(),
  }
}

/** Menu, then on a key: some real I/O, then the balance; a 30 s idle timer hangs up meanwhile. */
function balanceApp(io: () => Promise<unknown>) {
  const idle = new Map<string, ReturnType<typeof setTimeout>>()
  return accepting(tts('Press 1 for your balance.', { prompt_ref: 'menu', dtmf: true }), async (event: EnableXEvent, api: Rest) => {
    if (event.state === 'connected' || (event.playstate === 'playfinished' && event.prompt_ref === 'menu')) {
      idle.set(event.voice_id, setTimeout(() => void api.call('DELETE', `/call/${event.voice_id}`), 30_000))
    }
    if (event.playstate === 'digitcollected') {
      await io()
      clearTimeout(idle.get(event.voice_id))
      return api.call('PUT', `/call/${event.voice_id}/play`, tts('Your balance is 42 dollars.', { prompt_ref: 'bye' }))
    }
    return undefined
  })
}

const flow = (app: ReturnType<typeof balanceApp>) =>
  callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { prompt_ref: 'menu' }).pressDigits('1').expectAction('play', { prompt_ref: 'bye' })

describe('an app awaiting real I/O, with an older timer of its own pending', () => {
  it('a query over its own database connection: the balance plays, not the idle hang-up', async () => {
    const client = await dbClient()
    try {
      const call = await flow(balanceApp(() => client.query('SELECT balance')))
      expect(call).toHavePlayed('Your balance is 42 dollars.')
      expect(call.actions.at(-1)!.at).toBeLessThan(30_000)
    } finally {
      client.close()
    }
  })

  it('a file read', async () => {
    const call = await flow(balanceApp(() => readFile(new URL(import.meta.url))))
    expect(call).toHavePlayed('Your balance is 42 dollars.')
    expect(call.actions.at(-1)!.at).toBeLessThan(30_000)
  })
})
