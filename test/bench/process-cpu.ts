import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU time a process has used so far, in µs, all its threads (Linux: the first field of each
 * thread's /proc/<pid>/task/<tid>/schedstat, in ns; process.cpuUsage() only knows this process,
 * and /proc/<pid>/stat counts in 10 ms ticks, too coarse for a round of calls). Undefined where
 * /proc does not tell: the bench then prints no CPU table.
 */
export function cpuMicros(pid: number): number | undefined {
  try {
    let ns = 0
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += threadNs(pid, tid)
    }
    return ns / 1000
  } catch {
    return undefined
  }
}

/** The CPU µs `pids` use while `work` runs, in the same order. */
export async function cpuDuring<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ result: T; cpu: Array<number | undefined> }> {
  const before = pids.map(cpuMicros)
  const result = await work()
  const cpu = pids.map((pid, i) => {
    const after = cpuMicros(pid)
    const start = before[i]
    return after === undefined || start === undefined ? undefined : after - start
  })
  return { result, cpu }
}

/** One thread's CPU ns; 0 for a thread that ended between the listing and the read. */
function threadNs(pid: number, tid: string): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
  } catch {
    return 0
  }
}
