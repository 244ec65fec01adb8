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
 * In the sequential by-URL and the callTo(listener) settings, two more loops show where a call's
 * time goes (BENCH_PARTS=0 skips them): callspec's own HTTP with no simulation, and the call with
 * the app's timers left on real time.
 * Each loop first makes WARMUP untimed calls (turn rates are steady-state figures); rounds are
 * interleaved, each starting with a different loop and every other round backwards (roundOrder),
 * and the median of each is reported, so drift and one loop's aftermath hit all loops alike.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import supertest from 'supertest'
import { Pool } from 'undici'
import type { AppTarget } from '../../src/index.js'
import { resolveTransport } from '../../src/transport/index.js'
import { criticalPath, type Split } from './critical-path.js'
import { cpuDuring } from './process-cpu.js'
import { agentStartTimes, firstCallTimes, importTimes } from './import-times.js'
import { openConnectionsTimes } from './open-connections.js'
import type { BenchScenario, CallTo } from './scenario.js'
import { suiteTimes } from './suite.js'
import { scenarios } from './scenarios/index.js'

// The built package, by name (package self-reference): a dynamic specifier keeps tsc from needing dist/.
const builtPackage = 'callspec'
const { callTo } = (await import(builtPackage)) as { callTo: CallTo }

const CALLS = Number(process.env.BENCH_CALLS ?? 400)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const CONCURRENCY = 8
/**
 * Calls each loop makes before it is timed, in each setting. Turn rates are steady-state figures:
 * callspec's own code takes ~2,000-3,000 calls to reach its steady speed in V8 (measured: a
 * Webex Connect call in process took ~450 µs after 600 calls, ~310 after 2,000 and ~275 from
 * 3,000 on, while the raw loop was steady after ~1,000), so with the 50 this used to be, the
 * early rounds timed the JIT. A suite's cold start is what the import, first-call and suite
 * figures below measure.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000)
/** Time the parts of a call (callspec's HTTP alone, the call without the app's clock) in two settings: BENCH_PARTS=0 skips them. */
const PARTS = process.env.BENCH_PARTS !== '0'
/** Idle connections held open in the test process for the open-connections table (BENCH_POOL=0 skips it). */
const POOL = Number(process.env.BENCH_POOL ?? 20)
/**
 * Only the rows whose `platform setting` matches this regular expression (BENCH_ONLY='8x8 in-process'):
 * for looking into one row. The sections after the table are named too: 'open connections',
 * 'import', 'first call' and 'suite' (BENCH_ONLY=suite runs the 1,000-test suite alone).
 */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined
const section = (name: string) => !ONLY || ONLY.test(name)
/** BENCH_TRACE=1 prints each round's µs a call of every loop, in the order they ran (to stderr): for judging a noisy run. */
const TRACE = process.env.BENCH_TRACE === '1'

interface Recorded {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
}
type Loop = (i: number) => PromiseLike<unknown>

/** The webhook requests one callspec call makes: what the baselines replay. */
async function record(scenario: BenchScenario, target: AppTarget): Promise<Recorded[]> {
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

/**
 * The order of the loops in one round. Each round starts with a different loop, and every other
 * round runs them backwards: a loop that always ran right after the same one would pay that one's
 * aftermath (supertest's closed connections and garbage) in every round. Rotation alone kept every
 * loop's neighbours: the callspec loop, listed after supertest, ran right after it in four rounds
 * of five.
 */
function roundOrder<T>(names: readonly T[], round: number): T[] {
  const listed = round % 2 === 0 ? [...names] : [...names].reverse()
  return listed.map((_, k) => listed[(round + k) % listed.length]!)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

type LoopName = 'undici' | 'supertest' | 'callspec' | 'request(listener)' | PartName
/** The parts of a call timed beside it (see `parts`): only in the settings that ask for them. */
type PartName = 'http alone' | 'appClock: false'

/**
 * Loops that show where a call's time goes, beside the raw loop:
 * - `http alone`: the recorded requests sent through the transport a call to this target uses
 *   (callspec's undici dispatch, its deadline and size cap), with no simulation; taken from src/
 *   (the package exports no transport), the same code the built package bundles;
 * - `appClock: false`: the same call with the app's timers left on real time (in process only;
 *   by URL the app's timers are out of reach anyway).
 */
async function parts(requests: Recorded[], scenario: BenchScenario, target: AppTarget): Promise<{ loops: Partial<Record<PartName, Loop>>; close(): Promise<void> }> {
  const transport = await resolveTransport(target, { timeoutMs: 4_000, maxBodyBytes: 5 << 20, readyMs: 4_000 })
  const loops: Partial<Record<PartName, Loop>> = {
    'http alone': async () => {
      for (const r of requests) {
        const { response } = await transport.send({ method: r.method as 'POST', target: r.path, headers: r.headers, body: r.body })
        JSON.parse(response.body || 'null')
      }
    },
  }
  if (typeof target !== 'string') {
    const withoutAppClock = ((t: AppTarget, options: Parameters<CallTo>[1]) => callTo(t, { ...options!, appClock: false })) as CallTo
    loops['appClock: false'] = (i) => scenario.call(withoutAppClock, target, i + 2)
  }
  return { loops, close: () => transport.close() }
}

/**
 * `target` is what callspec is given; `origin` is the same app listening on TCP, which the raw
 * undici and supertest loops use (they cannot reach an app any other way). `withParts`: time the
 * parts of a call too (see `parts`).
 */
async function measure(
  scenario: BenchScenario,
  target: AppTarget,
  origin: string,
  concurrency: number,
  agentTarget: Server | string,
  withParts = false,
  againstRequest = false,
  appPid?: number,
) {
  const requests = await record(scenario, target)
  const pool = new Pool(origin, { connections: concurrency, keepAliveTimeout: 10_000 })
  const agent = supertest(agentTarget)
  const extra = withParts ? await parts(requests, scenario, target) : undefined
  // Given the listener, supertest does what a test written with it does, `request(app).post(…)`:
  // a server started and closed for each request. Timed against callTo(listener), which is given
  // the same, in rounds of their own: its servers' garbage, interleaved with the loops the targets
  // are judged on, slowed the rounds after it.
  const perRequest = againstRequest && typeof target === 'function' ? supertest(target) : undefined
  const all: Partial<Record<LoopName, Loop>> = {
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
    ...(perRequest && {
      'request(listener)': async () => {
        for (const r of requests) {
          const res = await perRequest.post(r.path).set(r.headers).send(r.body ?? '')
          JSON.parse(res.text || 'null')
        }
      },
    }),
    ...extra?.loops,
  }
  const loops: Partial<Record<LoopName, Loop>> = perRequest ? { callspec: all.callspec, 'request(listener)': all['request(listener)'] } : all
  const names = Object.keys(loops) as LoopName[]
  for (const name of names) for (let i = 0; i < WARMUP; i++) await loops[name]!(i)
  const rates = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Partial<Record<LoopName, number[]>>
  // By URL: the CPU each process spends a call, in each loop (see cpuRows), per round.
  const cpu = Object.fromEntries(names.map((name) => [name, { test: [] as number[], app: [] as number[] }])) as Partial<Record<LoopName, Record<'test' | 'app', number[]>>>
  for (let round = 0; round < ROUNDS; round++) {
    const order = roundOrder(names, round)
    const trace: string[] = []
    for (const name of order) {
      const { result: r, cpu: used } = await cpuDuring(appPid === undefined ? [] : [process.pid, appPid], () => rate(requests.length, concurrency, loops[name]!))
      rates[name]!.push(r)
      const [test, app] = used
      if (test !== undefined && app !== undefined) {
        cpu[name]!.test.push(test / CALLS)
        cpu[name]!.app.push(app / CALLS)
      }
      trace.push(`${name} ${Math.round((requests.length / r) * 1e6)} µs`)
    }
    if (TRACE) console.error(`  ${scenario.platform} round ${round + 1}: ${trace.join(', ')}`)
  }
  // By URL, where a call's time goes on the way (critical-path.ts): the raw loop's and callspec's, call by call.
  const path = withParts && typeof target === 'string' ? await criticalPath({ undici: all.undici!, callspec: all.callspec! }, CALLS) : undefined
  await pool.close()
  await extra?.close()
  return { turns: requests.length, undici: rates.undici ?? [], supertest: rates.supertest ?? [], callspec: rates.callspec!, rates, path, cpu }
}

/** The app in the test process. callspec gets `the listener` (the quick start's usage) or the listening server. */
async function inProcess(scenario: BenchScenario, given: 'listener' | 'server', withParts = false, againstRequest = false) {
  const server = createServer(scenario.listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    return await measure(scenario, given === 'listener' ? scenario.listener : server, origin, 1, server, withParts, againstRequest)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

async function ownProcess(scenario: BenchScenario, concurrency: number, withParts = false) {
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
    return await measure(scenario, origin, origin, concurrency, origin, withParts, false, child.pid)
  } finally {
    child.stdin.end()
  }
}

/** Two rows of the critical-path table and the difference. */
function pathTable(platform: string, path: Record<'undici' | 'callspec', Split>): string[] {
  const keys = ['setup', 'wire', 'between', 'end', 'total'] as const
  const row = (label: string, cells: number[]) => `${platform.padEnd(14)} ${label.padEnd(10)}${cells.map((n) => n.toFixed(1).padStart(14)).join('')}`
  return [
    row('undici', keys.map((k) => path.undici[k])),
    row('callspec', keys.map((k) => path.callspec[k])),
    row('difference', keys.map((k) => path.callspec[k] - path.undici[k])),
  ]
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8)
/** Median, and the spread of the rounds as min–max around it. */
const spread = (xs: number[], digits = 0) => {
  const f = (n: number) => n.toFixed(digits)
  return `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`
}
/**
 * A ratio beside its target, with the digits the verdict needs: 0.996× printed as "1.00×" read as
 * met beside a "not met" for a 1× target.
 */
const againstTarget = (ratio: number, target: number) => (ratio < target && Number(ratio.toFixed(2)) >= target ? ratio.toFixed(3) : ratio.toFixed(2))
/** Per-round ratios (rounds are interleaved, so round i of each loop ran side by side). */
const ratios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!)

const verdicts: string[] = []
/** callTo(listener) against supertest given the same listener (a server per request). */
const requestRows: string[] = []
/** Rows of the "where the time goes" table: µs per call of each loop, per round. */
const partRows: string[] = []
/** Rows of the by-URL critical-path table: µs a call in each part, raw undici against callspec. */
const pathRows: string[] = []
/** Rows of the by-URL CPU table: µs of CPU a call in the test's process and the app's, raw undici against callspec. */
const cpuRows: string[] = []
function cpuRow(platform: string, setting: string, raw: Record<'test' | 'app', number[]>, callspec: Record<'test' | 'app', number[]>): string {
  const cell = (c: Record<'test' | 'app', number[]>) => `${spread(c.test)} / ${spread(c.app)}`.padStart(30)
  // With calls at once the busier process sets the pace: each loop's bound, and callspec's over raw's.
  const bound = (c: Record<'test' | 'app', number[]>) => Math.max(median(c.test), median(c.app))
  return `${platform.padEnd(14)} ${setting.replace('by URL, own process, ', '').padEnd(12)}${cell(raw)}  ${cell(callspec)}  ${(bound(raw) / bound(callspec)).toFixed(2).padStart(12)}×`
}
/** µs per call from turns per second. */
const perCall = (turns: number, rates: number[]) => rates.map((r) => (turns / r) * 1e6)
console.log(`callspec bench — Node ${process.version}, ${CALLS} calls × ${ROUNDS} rounds per loop after ${WARMUP} warm-up calls; turns/s and ratios as median (min–max over rounds)\n`)
console.log('platform       setting                                  turns/call  undici raw  supertest   callspec  callspec/undici       callspec/supertest')
for (const scenario of scenarios) {
  for (const [setting, run, targets] of [
    ['by URL, own process, sequential', () => ownProcess(scenario, 1, PARTS), { undici: 0.85 }],
    [`by URL, own process, ${CONCURRENCY} at once`, () => ownProcess(scenario, CONCURRENCY), { undici: 0.85 }],
    ['in-process, callTo(listener)', () => inProcess(scenario, 'listener', PARTS), { undici: 1.0, supertest: 5 }],
    ['in-process, callTo(listening server)', () => inProcess(scenario, 'server'), {}],
  ] as const) {
    if (ONLY && !ONLY.test(`${scenario.platform} ${setting}`)) continue
    const r = await run()
    const vsRaw = ratios(r.callspec, r.undici)
    const vsSupertest = ratios(r.callspec, r.supertest)
    const t = targets as { undici?: number; supertest?: number }
    if (t.undici) verdicts.push(`${scenario.platform} ${setting}: ${againstTarget(median(vsRaw), t.undici)}× raw undici (target ≥ ${t.undici}×) — ${median(vsRaw) >= t.undici ? 'met' : 'not met'}`)
    // What the transport alone reaches against the same loop (the recorded requests over the
    // in-memory connection, both HTTP parsers, no simulation): the most any call could, the target's ceiling.
    const transportAlone = r.rates['http alone'] ? `; the transport alone, no simulation: ${spread(ratios(r.rates['http alone'], r.supertest), 2)}×` : ''
    if (t.supertest) verdicts.push(`${scenario.platform} ${setting}: ${againstTarget(median(vsSupertest), t.supertest)}× supertest (target ≥ ${t.supertest}×) — ${median(vsSupertest) >= t.supertest ? 'met' : 'not met'}${transportAlone}`)
    if (r.path) pathRows.push(...pathTable(scenario.platform, r.path as Record<'undici' | 'callspec', Split>))
    const cpu = r.cpu as Partial<Record<string, Record<'test' | 'app', number[]>>>
    if (cpu.undici?.test.length && cpu.callspec?.test.length) cpuRows.push(cpuRow(scenario.platform, setting, cpu.undici, cpu.callspec))
    const http = r.rates['http alone']
    if (http) {
      const noClock = r.rates['appClock: false']
      const cells = [r.undici, http, noClock, r.callspec].map((rates) => (rates ? spread(perCall(r.turns, rates)) : 'n/a').padStart(16))
      partRows.push(`${scenario.platform.padEnd(14)} ${setting.padEnd(34)}${cells.join('  ')}`)
    }
    console.log(
      `${scenario.platform.padEnd(14)} ${setting.padEnd(40)} ${String(r.turns).padStart(10)} ${fmt(median(r.undici))}   ${fmt(median(r.supertest))}   ${fmt(median(r.callspec))}  ${spread(vsRaw, 2).padStart(18)}×  ${spread(vsSupertest, 2).padStart(20)}×`,
    )
  }
  if (ONLY && !ONLY.test(`${scenario.platform} request(app)`)) continue
  const r = await inProcess(scenario, 'listener', false, true)
  const perRequest = r.rates['request(listener)']!
  requestRows.push(`${scenario.platform.padEnd(14)} ${'in-process, callTo(listener)'.padEnd(34)}${fmt(median(perRequest)).padStart(12)}   ${fmt(median(r.callspec)).padStart(9)}   ${spread(ratios(r.callspec, perRequest), 2).padStart(20)}×`)
}

if (requestRows.length > 0) {
  console.log('\nthe same calls against supertest given the listener, as a test written with it does (request(app): a server per request), in rounds of their own; turns/s')
  console.log(`${'platform'.padEnd(14)} ${'setting'.padEnd(34)}${'request(app)'.padStart(12)}   ${'callspec'.padStart(9)}   ${'callspec/request(app)'.padStart(21)}`)
  for (const row of requestRows) console.log(row)
}

if (partRows.length > 0) {
  console.log('\nwhere the time goes, µs per call: median (min–max) over rounds, measured interleaved with the rows above')
  console.log(`${'platform'.padEnd(14)} ${'setting'.padEnd(34)}${['undici raw', 'callspec http', 'appClock: false', 'callspec'].map((h) => h.padStart(16)).join('  ')}`)
  for (const row of partRows) console.log(row)
  console.log('  callspec http: the recorded requests through the transport a call uses, no simulation; appClock: false: the call with the app\'s timers on real time')
}

if (pathRows.length > 0) {
  console.log('\nby URL, sequential: where a call\'s time goes, µs a call (median over calls, the two loops interleaved call by call)')
  console.log(`${'platform'.padEnd(14)} ${'loop'.padEnd(10)}${['setup', 'on the wire', 'between turns', 'end', 'total'].map((h) => h.padStart(14)).join('')}`)
  for (const row of pathRows) console.log(row)
  console.log("  setup: until the first request is written; on the wire: each request written until its answer's end (the app's work, loopback);")
  console.log('  between turns: an answer\'s end until the next request is written; end: the last answer\'s end until the call resolves')
}

if (cpuRows.length > 0) {
  console.log("\nby URL: CPU a call, µs, the test's process / the app's: median (min–max) over rounds, measured with the rows above")
  console.log(`${'platform'.padEnd(14)} ${'setting'.padEnd(12)}${'undici raw'.padStart(30)}  ${'callspec'.padStart(30)}  ${'busier, raw/callspec'.padStart(13)}`)
  for (const row of cpuRows) console.log(row)
  console.log('  With calls at once, a loop goes no faster than its busier process: the last column bounds callspec/undici there.')
}

if (POOL > 0 && scenarios.some((scenario) => section(`${scenario.platform} open connections`))) {
  console.log(`\nan in-process call, callTo(listener), with ${POOL} idle connections open in the test process (a database pool's), µs per call: median (min–max)`)
  console.log(`${'platform'.padEnd(14)} ${'without'.padStart(16)}  ${`with ${POOL}`.padStart(16)}`)
  for (const scenario of scenarios) {
    if (ONLY && !ONLY.test(`${scenario.platform} open connections`)) continue
    const t = await openConnectionsTimes(scenario, callTo, { connections: POOL, calls: CALLS, rounds: ROUNDS, warmup: WARMUP })
    console.log(`${scenario.platform.padEnd(14)} ${spread(t.without).padStart(16)}  ${spread(t.with).padStart(16)}`)
  }
}

if (section('import')) {
  console.log('\nimport time, fresh node process, from dist (ms): median (min–max)')
  for (const [specifier, times] of Object.entries(await importTimes(['callspec', 'callspec/vitest'], Number(process.env.BENCH_IMPORT_RUNS ?? 9)))) {
    const label = specifier === 'callspec/vitest' ? `  import('${specifier}'), vitest loaded` : `  import('${specifier}')`
    console.log(label.padEnd(46) + spread(times, 1))
    if (specifier === 'callspec') verdicts.push(`import('callspec'): ${median(times).toFixed(1)} ms (target ≤ 60 ms) — ${median(times) <= 60 ? 'met' : 'not met'}`)
  }
  const start = agentStartTimes(Number(process.env.BENCH_IMPORT_RUNS ?? 9))
  console.log('  node --import callspec/agent -e 0'.padEnd(46) + spread(start.agent, 1) + "  (an app's start under the agent, whole process)")
  console.log('  node -e 0'.padEnd(46) + spread(start.bare, 1))
}
if (section('first call')) {
  const calls = firstCallTimes(Number(process.env.BENCH_IMPORT_RUNS ?? 9))
  console.log('\nfirst call in a fresh process, in-process listener, Webex Connect, 3 turns (ms): median (min–max)')
  console.log('  first call (undici, fake timers, the driver…)'.padEnd(50) + spread(calls.first, 1))
  console.log('  second call'.padEnd(50) + spread(calls.second, 1))
}

if (process.env.BENCH_SUITE !== '0' && section('suite')) {
  const suite = await suiteTimes(Number(process.env.BENCH_SUITE_ROUNDS ?? 3))
  console.log(`\n${suite.tests} generated call tests in ${suite.files} files under vitest, wall ms: median (min–max)`)
  console.log(`  callspec                        ${spread(suite.callspec)}`)
  console.log(`  supertest (same webhooks)       ${spread(suite.supertest)}`)
  // Summed over the files (which run on several workers at once, so the sums exceed the wall time).
  console.log(`  where it goes, ms summed over the ${suite.files} files: median (min–max)`)
  console.log(`  ${''.padEnd(30)}${['setup files', 'test imports', 'first tests', 'other tests'].map((h) => h.padStart(20)).join('')}`)
  for (const kind of ['callspec', 'supertest'] as const) {
    const column = (key: keyof (typeof suite.phases)[typeof kind][number]) => spread(suite.phases[kind].map((p) => p[key])).padStart(20)
    console.log(`  ${kind.padEnd(30)}${column('setup')}${column('import')}${column('firstTests')}${column('otherTests')}`)
  }
  verdicts.push(`${suite.tests}-test suite: callspec ${median(suite.callspec).toFixed(0)} ms vs supertest ${median(suite.supertest).toFixed(0)} ms (target: no slower) — ${median(suite.callspec) <= median(suite.supertest) ? 'met' : 'not met'}`)
}

console.log(`\ntargets:\n${verdicts.map((v) => `  ${v}`).join('\n')}`)
