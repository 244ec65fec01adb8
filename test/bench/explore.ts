/**
 * Explorer bench: wall time per hundred calls while exploring the largest example (the Webex
 * Connect PIN IVR, about 80 calls a run). Run: node --import tsx test/bench/explore.ts [rounds]
 */
import { explore } from '../../src/index.js'
import config from '../../examples/explorer/webex-pin-ivr.explore.js'

const rounds = Number(process.argv[2] ?? 5)
const perHundred: number[] = []
const cpuPerHundred: number[] = []
let calls = 0
for (let i = 0; i <= rounds; i++) {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const result = await explore(config.target, { ...config.options, concurrency: Number(process.env.CONCURRENCY ?? 1) })
  const ms = performance.now() - started
  calls = result.stats.calls
  // Round 0 warms the JIT and the app's modules up; it is not counted.
  const used = process.cpuUsage(cpu)
  if (i > 0) {
    perHundred.push((ms / result.stats.calls) * 100)
    // CPU time of this process (app and callspec): what the machine's load does not inflate.
    cpuPerHundred.push(((used.user + used.system) / 1000 / result.stats.calls) * 100)
  }
}
perHundred.sort((a, b) => a - b)
cpuPerHundred.sort((a, b) => a - b)
const median = perHundred[Math.floor(perHundred.length / 2)]!
const cpuMedian = cpuPerHundred[Math.floor(cpuPerHundred.length / 2)]!
console.log(`explore webex-pin-ivr: ${calls} calls a run, ${rounds} rounds; wall ms per 100 calls: median ${median.toFixed(0)}, best ${perHundred[0]!.toFixed(0)}, worst ${perHundred.at(-1)!.toFixed(0)}; CPU ms per 100 calls: median ${cpuMedian.toFixed(0)}`)
