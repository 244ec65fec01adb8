/**
 * `npm run bench`: webhook turns per second of callspec against a minimal app, beside a raw
 * undici loop and a hand-written supertest loop sending the very same requests to the same
 * server, measured in one run and printed as ratios.
 *
 * The raw and supertest loops replay the requests one recorded callspec call sent, so all three
 * do the same HTTP work; what differs is callspec's simulation, validation and transcript.
 * Rounds are interleaved and the median of each is reported, so drift hits all three alike.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import supertest from 'supertest'
import { Client } from 'undici'
import type { BenchScenario } from './scenario.js'
import { webexConnectScenario } from './scenarios/webex-connect.js'

const scenarios: BenchScenario[] = [webexConnectScenario]
const CALLS = Number(process.env.BENCH_CALLS ?? 400)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

interface Recorded {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
}

async function listen(scenario: BenchScenario): Promise<Server> {
  const server = createServer(scenario.listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

/** The webhook requests one callspec call makes: what the baselines replay. */
async function record(scenario: BenchScenario, server: Server): Promise<Recorded[]> {
  const call = await scenario.call(server, 1)
  return call.transcript.entries.flatMap((e) => {
    if (e.kind !== 'event') return []
    const url = new URL(e.request.url)
    return [{ method: e.request.method, path: url.pathname + url.search, headers: e.request.headers, body: e.request.body }]
  })
}

async function timeRate(turnsPerCall: number, run: (i: number) => PromiseLike<unknown>): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < CALLS; i++) await run(i)
  return (CALLS * turnsPerCall) / ((performance.now() - started) / 1000)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function bench(scenario: BenchScenario) {
  const server = await listen(scenario)
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const requests = await record(scenario, server)
  const turns = requests.length
  const client = new Client(origin, { keepAliveTimeout: 10_000 })
  const agent = supertest(server)

  const loops = {
    callspec: (i: number) => scenario.call(server, i + 2),
    undici: async () => {
      for (const r of requests) {
        const res = await client.request({ method: r.method as 'POST', path: r.path, headers: r.headers, body: r.body })
        JSON.parse((await res.body.text()) || 'null')
      }
    },
    supertest: async () => {
      for (const r of requests) {
        const res = await agent.post(r.path).set(r.headers).send(r.body ?? '')
        JSON.parse(res.text || 'null')
      }
    },
  }
  // Warm up JIT and connections.
  for (const run of Object.values(loops)) for (let i = 0; i < 50; i++) await run(i)

  const rates: Record<keyof typeof loops, number[]> = { callspec: [], undici: [], supertest: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(loops) as Array<keyof typeof loops>) rates[name].push(await timeRate(turns, loops[name]))
  }
  await client.close()
  await new Promise((resolve) => server.close(resolve))
  return { turns, callspec: median(rates.callspec), undici: median(rates.undici), supertest: median(rates.supertest) }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8)
console.log(`callspec bench — Node ${process.version}, ${CALLS} calls × ${ROUNDS} rounds per loop, median turns/s\n`)
console.log('platform         turns/call  undici raw  supertest   callspec   callspec/undici  callspec/supertest')
let failed = false
for (const scenario of scenarios) {
  const r = await bench(scenario)
  const vsRaw = r.callspec / r.undici
  const vsSupertest = r.callspec / r.supertest
  console.log(
    `${scenario.platform.padEnd(16)} ${String(r.turns).padStart(10)} ${fmt(r.undici)}   ${fmt(r.supertest)}   ${fmt(r.callspec)}   ${(vsRaw * 100).toFixed(1).padStart(14)}%  ${vsSupertest.toFixed(2).padStart(17)}×`,
  )
  if (vsRaw < 0.85 || vsSupertest < 5) failed = true
}
console.log(`\ntargets: callspec ≥ 85% of the raw undici rate, ≥ 5× the supertest loop${failed ? ' — NOT MET' : ' — met'}`)
