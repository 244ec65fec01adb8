import { openSync, readSync } from 'node:fs'

/**
 * This thread's scheduler statistics, where Linux tells them (/proc/thread-self/schedstat): the
 * nanoseconds it has run on a CPU, and those it has waited on a run queue (runnable, not running).
 * Undefined elsewhere (macOS, Windows, a kernel without them). Read by host-wait.ts (the wait) and
 * cpu-spent.ts (the run time, this thread's alone where Node has no process.threadCpuUsage).
 */
export interface Schedstat {
  runNs: number
  waitNs: number
}

/** The descriptor, opened on first use; -1 where there is none. */
let fd: number | undefined
const buffer = Buffer.alloc(96)

export function threadSchedstat(): Schedstat | undefined {
  if (fd === undefined) {
    try {
      // Opened by this thread: thread-self names the thread that opens it (each worker thread that
      // loads callspec opens its own), and a pread at 0 reads it afresh each time (~1.4 µs).
      fd = openSync('/proc/thread-self/schedstat', 'r')
    } catch {
      fd = -1
    }
  }
  if (fd < 0) return undefined
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0)
    const [run, wait] = buffer.toString('latin1', 0, length).split(' ').map(Number)
    return Number.isFinite(run) && Number.isFinite(wait) ? { runNs: run!, waitNs: wait! } : undefined
  } catch {
    fd = -1
    return undefined
  }
}
