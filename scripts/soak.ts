/**
 * Soak: many calls in one process, to show callspec leaves nothing behind and its memory stays
 * flat. 10,000 sequential and 2,000 concurrent calls, with the app in-process (a request
 * listener, served by callspec) and by URL (the app's own server), one in ten failing (the app
 * crashes mid-call). Open handles and memory are reported at the start, the middle and the end.
 *
 *   npm run soak                               # the full run
 *   SOAK_SEQUENTIAL=1000 SOAK_CONCURRENT=200 npm run soak
 *
 * Exits 1 if a socket, server or timer is left open at the end, or the heap grew more than
 * SOAK_MAX_HEAP_GROWTH_MB (default 30) between the middle and the end.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { callTo } from '../src/index.js'

const SEQUENTIAL = Number(process.env.SOAK_SEQUENTIAL ?? 10_000)
const CONCURRENT = Number(process.env.SOAK_CONCURRENT ?? 2_000)
const MAX_HEAP_GROWTH_MB = Number(process.env.SOAK_MAX_HEAP_GROWTH_MB ?? 30)

/** A Webex Connect IVR: answers, asks for one digit, hangs up; `crash` destroys the socket on the digit. */
function ivr(crash: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const event = JSON.parse(body) as { event: string }
      if (event.event === 'DROPPED') return void res.end()
      if (crash && event.event === 'COLLECTED_DIGITS') return void res.socket?.destroy()
      const action =
        event.event === 'ACCEPTED'
          ? { action: 'ANSWER' }
          : event.event === 'ANSWERED'
            ? { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1 for sales.' }], collectInput: { maxDigits: 1 } }
            : { action: 'HANGUP' }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(action))
    })
  }
}

type Target = Parameters<typeof callTo>[0]

/** One call; true if it went as expected (passing, or failing with the crash's message). */
async function oneCall(target: Target, crash: boolean): Promise<boolean> {
  const flow = callTo(target, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
  try {
    await flow
    return !crash
  } catch (error) {
    const expected = crash && /connection (closed|was reset)/.test((error as Error).message)
    if (!expected) console.error(`unexpected failure: ${(error as Error).message.split('\n')[0]}`)
    return expected
  }
}

interface Snapshot {
  label: string
  handles: Record<string, number>
  rssMb: number
  heapMb: number
}

async function snapshot(label: string): Promise<Snapshot> {
  // Let closing handles finish closing, then collect, so the figures are what is really held.
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10))
  ;(globalThis as { gc?: () => void }).gc?.()
  const handles: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) handles[r] = (handles[r] ?? 0) + 1
  const { rss, heapUsed } = process.memoryUsage()
  const shot = { label, handles, rssMb: Math.round(rss / 2 ** 20), heapMb: Math.round((heapUsed / 2 ** 20) * 10) / 10 }
  console.log(`${label.padEnd(34)} rss ${String(shot.rssMb).padStart(4)} MB  heap ${String(shot.heapMb).padStart(6)} MB  handles ${JSON.stringify(handles)}`)
  return shot
}

async function listen(listener: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(listener)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function phase(name: string, calls: number, concurrent: boolean, target: (crash: boolean) => Target): Promise<{ ok: number; ms: number }> {
  const started = performance.now()
  let ok = 0
  if (concurrent) {
    const results = await Promise.all(Array.from({ length: calls }, (_, i) => oneCall(target(i % 10 === 9), i % 10 === 9)))
    ok = results.filter(Boolean).length
  } else {
    for (let i = 0; i < calls; i++) {
      if (await oneCall(target(i % 10 === 9), i % 10 === 9)) ok++
      if ((i + 1) % 1_000 === 0) process.stderr.write(`  … ${i + 1} calls, ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
    }
  }
  const ms = performance.now() - started
  console.log(`  ${name}: ${ok}/${calls} as expected in ${(ms / 1000).toFixed(1)} s (${(ms / calls).toFixed(2)} ms a call)`)
  return { ok, ms }
}

async function main(): Promise<void> {
  const good = ivr(false)
  const crashing = ivr(true)
  const start = await snapshot('start')

  const inProcess = (crash: boolean) => (crash ? crashing : good)
  let wrong = 0
  const note = (r: { ok: number }, n: number) => (wrong += n - r.ok)
  note(await phase(`in-process, ${SEQUENTIAL} sequential`, SEQUENTIAL, false, inProcess), SEQUENTIAL)
  note(await phase(`in-process, ${CONCURRENT} concurrent`, CONCURRENT, true, inProcess), CONCURRENT)
  const middle = await snapshot('middle (after in-process)')

  const goodServer = await listen(good)
  const crashServer = await listen(crashing)
  const byUrl = (crash: boolean) => (crash ? crashServer.url : goodServer.url)
  note(await phase(`by URL, ${SEQUENTIAL} sequential`, SEQUENTIAL, false, byUrl), SEQUENTIAL)
  note(await phase(`by URL, ${CONCURRENT} concurrent`, CONCURRENT, true, byUrl), CONCURRENT)
  await goodServer.close()
  await crashServer.close()
  const end = await snapshot('end (after by URL, servers closed)')

  const leaked = Object.entries(end.handles).filter(([type, n]) => n > (start.handles[type] ?? 0))
  const growth = end.heapMb - middle.heapMb
  console.log(`calls not as expected: ${wrong}; handles left over: ${leaked.length ? JSON.stringify(Object.fromEntries(leaked)) : 'none'}; heap middle → end: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB`)
  if (wrong > 0 || leaked.length > 0 || growth > MAX_HEAP_GROWTH_MB) process.exitCode = 1
}

process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection:', reason)
  process.exitCode = 1
})
await main()
