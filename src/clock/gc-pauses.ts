import { PerformanceObserver } from 'node:perf_hooks'

/**
 * Milliseconds the test's process has spent paused for garbage collection since callspec first
 * asked (every kind: V8 stops the process's JavaScript for each). An answer's real part is the
 * time callspec waited on the app; a collection of the test's heap during that wait (the test
 * runner's, the other tests', callspec's own garbage) is no wait of the app's, and in production
 * the app's heap is its own. Measured: a major collection of a large test heap took 113 ms while
 * an EnableX app read a file 1 ms from its deadline (a 3-million-object heap), and a full run of
 * this project's suite once judged an answer 124 ms over by it (4.9 s of backoff, then a file read).
 *
 * Node reports collections to a PerformanceObserver after the callback that ran into them, before
 * the event loop's next phase: one that happened while callspec waited on real I/O is counted by
 * the time the answer is read. Observing costs an entry per collection, not per allocation.
 */
let pausedMs = 0
let observer: PerformanceObserver | undefined

export function gcPausedMs(): number {
  if (!observer) {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) pausedMs += entry.duration
    })
    observer.observe({ entryTypes: ['gc'] })
  }
  return pausedMs
}
