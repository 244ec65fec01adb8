/**
 * `npm run bench`: webhook turns per second of callspec against a minimal app of each platform,
 * beside a raw undici loop and a hand-written supertest loop sending the very same requests,
 * measured in one run and printed as ratios.
 *
 * The raw and supertest loops replay the requests one recorded callspec call sent, so all three
 * do the same HTTP work; what differs is callspec's simulation, validation and transcript.
 * callspec is the built package (`npm run build` first; `npm run bench` does), as users run it.
 * Three settings, all reported:
 * - sequential, own process: the app runs as its own server (as one in any language would) and
 *   calls run one at a time, as the tests of one file do.
 * - sustained, own process: 8 calls at once; the test process's CPU becomes the limit.
 * - sequential, in-process app: client and app share one process, so a raw request costs only
 *   ~70 µs and callspec's own cost per turn shows most sharply.
 * Rounds are interleaved and the median of each is reported, so drift hits all loops alike.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import supertest from 'supertest'
import { Pool } from 'undici'
import type { BenchScenario, CallTo } from './scenario.js'
import { scenarios } from './scenarios/index.js'

// The built package, by name (package self-reference): a dynamic specifier keeps tsc from needing dist/.
const builtPackage = 'callspec'
const { callTo } = (await import(builtPackage)) as { callTo: CallTo }

const CALLS = Number(process.env.BENCH_CALLS ?? 400)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const CONCURRENCY = 8

interface Recorded {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
}
type Loop = (i: number) => PromiseLike<unknown>

/** The webhook requests one callspec call makes: what the baselines replay. */
async function record(scenario: BenchScenario, target: Server | string): Promise<Recorded[]> {
  const call = await scenario.call(callTo, target, 1)
  return call.transcript.entries.flatMap((e) => {
    if (e.kind !== 'event') return []
    const url = new URL(e.request.url)
    return [{ method: e.request.method, path: url.pathname + url.search, headers: e.request.headers, body: e.request.body }]
  })
}

async function rate(turnsPerCall: number, concurrency: number, run: Loop): Promise<number> {
  let next = 0
  const worker = async () => {
    while (next < CALLS) await run(next++)
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  return (CALLS * turnsPerCall) / ((performance.now() - started) / 1000)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function measure(scenario: BenchScenario, target: Server | string, origin: string, concurrency: number) {
  const requests = await record(scenario, target)
  const pool = new Pool(origin, { connections: concurrency, keepAliveTimeout: 10_000 })
  const agent = supertest(target)
  const loops: Record<'undici' | 'supertest' | 'callspec', Loop> = {
    undici: async () => {
      for (const r of requests) {
        const res = await pool.request({ method: r.method as 'POST', path: r.path, headers: r.headers, body: r.body })
        JSON.parse((await res.body.text()) || 'null')
      }
    },
    supertest: async () => {
      for (const r of requests) {
        const res = await agent.post(r.path).set(r.headers).send(r.body ?? '')
        JSON.parse(res.text || 'null')
      }
    },
    callspec: (i) => scenario.call(callTo, target, i + 2),
  }
  for (const run of Object.values(loops)) for (let i = 0; i < 50; i++) await run(i) // warm-up
  const rates = { undici: [] as number[], supertest: [] as number[], callspec: [] as number[] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(loops) as Array<keyof typeof loops>) rates[name].push(await rate(requests.length, concurrency, loops[name]))
  }
  await pool.close()
  return { turns: requests.length, undici: median(rates.undici), supertest: median(rates.supertest), callspec: median(rates.callspec) }
}

async function inProcess(scenario: BenchScenario) {
  const server = createServer(scenario.listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    return await measure(scenario, server, origin, 1)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

async function ownProcess(scenario: BenchScenario, concurrency: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./serve.ts', import.meta.url).pathname, scenario.platform], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString())
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  })
  const origin = `http://127.0.0.1:${port}`
  try {
    return await measure(scenario, origin, origin, concurrency)
  } finally {
    child.stdin.end()
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8)
const rows: string[] = []
let met = true
console.log(`callspec bench — Node ${process.version}, ${CALLS} calls × ${ROUNDS} rounds per loop, median turns/s\n`)
console.log('platform       setting                           turns/call  undici raw  supertest   callspec  callspec/undici  callspec/supertest')
for (const scenario of scenarios) {
  for (const [setting, run] of [
    ['sequential, own process', () => ownProcess(scenario, 1)],
    [`sustained, own process, ${CONCURRENCY} at once`, () => ownProcess(scenario, CONCURRENCY)],
    ['sequential, in-process app', () => inProcess(scenario)],
  ] as const) {
    const r = await run()
    const vsRaw = r.callspec / r.undici
    const vsSupertest = r.callspec / r.supertest
    if (vsRaw < 0.85 || vsSupertest < 5) met = false
    const row = `${scenario.platform.padEnd(14)} ${setting.padEnd(33)} ${String(r.turns).padStart(10)} ${fmt(r.undici)}   ${fmt(r.supertest)}   ${fmt(r.callspec)}  ${(vsRaw * 100).toFixed(1).padStart(14)}%  ${vsSupertest.toFixed(2).padStart(17)}×`
    rows.push(row)
    console.log(row)
  }
}
console.log(`\ntargets: callspec ≥ 85% of the raw undici rate and ≥ 5× the supertest loop, in every row — ${met ? 'met' : 'not met in every row'}`)
