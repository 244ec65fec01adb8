import { threadSchedstat } from './thread-schedstat.js'

/**
 * This thread's CPU time, to tell a stretch of an in-process app's own work from the host's
 * slowness (InProcessAppClock's #countAppWork): a turn that took longer than APP_WORK_MS of real
 * time is the app's work only if the thread spent that long on the CPU in it. A loaded machine
 * that takes the CPU from the process mid-turn makes the turn long with no work of the app's in
 * it: measured with two busy cores, one turn of a cold first call took over 50 ms, and an answer
 * EnableX's 5 s timer held back, "within 5 seconds", failed as 5.1 s (2 runs in 16; 8 in 8 with
 * the machine busier still, 67-248 ms of real time counted).
 *
 * `process.threadCpuUsage` (where Node has it: 23.9 on) reads this thread's alone, and so does
 * Linux's schedstat before it (cpuMs); elsewhere it is the process's (`process.cpuUsage`), its other
 * threads (the collector's helpers, libuv's pool) with it: more CPU, so a slow turn counts as
 * before more often, never less. Either reading costs
 * 1-6 µs: it is read at most once every SAMPLE_EVERY_MS of real time where a stretch may start
 * (sampleCpu), and once more where one took longer than APP_WORK_MS (cpuSpentAtMost).
 */
const threadCpuUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.bind(process)

/**
 * Before Node 23.9, Linux's schedstat gives this thread's alone all the same (thread-schedstat.ts):
 * the process's counted the collector's helper threads too, ~90 ms of them in a 400 ms stretch the
 * app's thread spent blocked, and such a stretch read as the app's work (host-wait.ts).
 */
function cpuMs(): number {
  if (threadCpuUsage) {
    const usage = threadCpuUsage()
    return (usage.user + usage.system) / 1_000
  }
  const stat = threadSchedstat()
  if (stat) return stat.runNs / 1e6
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1_000
}

/** Real ms a CPU reading stays fresh enough to start a stretch from: at most this much of the thread's CPU time before the stretch is counted in it. */
const SAMPLE_EVERY_MS = 10

/** When (real, performance.now()) the CPU time was last read, and what it was (ms). Never read yet: a stretch counts as before. */
let sampledAt = Number.NEGATIVE_INFINITY
let sampledMs = 0

/** A stretch of the app's work may start at `now` (real): the CPU time is read if the last reading is older than SAMPLE_EVERY_MS. */
export function sampleCpu(now: number): void {
  if (now - sampledAt <= SAMPLE_EVERY_MS) return
  sampledMs = cpuMs()
  sampledAt = now
}

/**
 * At most how many ms of CPU time this thread spent from `started` to `now` (real): what it spent
 * since the last reading (up to SAMPLE_EVERY_MS before `started`), and, read since `started`, the
 * real time before that reading, as if spent. Never less than it spent. Reads the CPU time again
 * (the next stretch starts from it).
 */
export function cpuSpentAtMost(started: number, now: number): number {
  const cpu = cpuMs()
  const spent = cpu - sampledMs + Math.max(0, sampledAt - started)
  sampledMs = cpu
  sampledAt = now
  return spent
}
