import { spawn } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import type { BenchScenario, CallTo } from './scenario.js'

/**
 * An in-process call's cost with idle connections open in the test process, as a database or
 * Redis pool keeps them: the app's clock looks at the process's sockets several times a call (an
 * app's query in flight holds the call's time, see src/clock/app-io.ts), so that look must stay
 * cheap however many there are. Measured before it was made cheap: 20 idle connections added
 * ~250 µs to an 8x8 call.
 *
 * The connections go to the scenario's app served by another process (test/bench/serve.ts), each
 * having sent one request and read its answer: idle, answered, as a pool's are between queries.
 * Rounds with and without them are interleaved; µs per call, one call at a time.
 */
export async function openConnectionsTimes(
  scenario: BenchScenario,
  callTo: CallTo,
  options: { connections: number; calls: number; rounds: number; warmup: number },
): Promise<{ without: number[]; with: number[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./serve.ts', import.meta.url).pathname, scenario.platform], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const sockets: Socket[] = []
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /port (\d+)/.exec(chunk.toString())
        if (match) resolve(Number(match[1]))
      })
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
    })
    const open = async () => {
      while (sockets.length < options.connections) {
        const socket = connect(port, '127.0.0.1')
        sockets.push(socket)
        await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
        socket.write('POST /pool HTTP/1.1\r\nHost: pool\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}')
        await new Promise((resolve) => socket.once('data', resolve))
      }
    }
    const closeAll = () => {
      for (const socket of sockets.splice(0)) socket.destroy()
    }
    const time = async () => {
      const started = performance.now()
      for (let i = 0; i < options.calls; i++) await scenario.call(callTo, scenario.listener, i + 2)
      return ((performance.now() - started) * 1000) / options.calls
    }
    for (let i = 0; i < options.warmup; i++) await scenario.call(callTo, scenario.listener, i + 2)
    const out = { without: [] as number[], with: [] as number[] }
    for (let round = 0; round < options.rounds; round++) {
      // Each round starts with the other setting, so drift hits both alike.
      for (const withPool of round % 2 === 0 ? [true, false] : [false, true]) {
        if (withPool) await open()
        else closeAll()
        out[withPool ? 'with' : 'without'].push(await time())
      }
    }
    return out
  } finally {
    for (const socket of sockets) socket.destroy()
    child.stdin.end()
  }
}
