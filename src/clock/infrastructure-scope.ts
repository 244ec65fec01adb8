/**
 * Which side of an in-memory connection is running: callspec's HTTP client (infrastructure) or
 * the app. While infrastructure runs, the timers set keep real time without the caller's file
 * being read off a stack trace (fake-timers-install.ts routes them); that read was callspec's
 * largest cost per turn (a V8 stack capture for each of the ~3 timers undici sets a response,
 * ~40 µs a call, measured).
 *
 * The in-memory transport marks the sides: the client's socket end and each dispatch run as
 * infrastructure (only undici and callspec's response handler listen there); the app's socket
 * end and its server's 'connection' run as the app, even when reached synchronously from the
 * client's write. A real timer set as infrastructure runs its callback as infrastructure too
 * (undici's resume after a response). Synchronous only: promise continuations queued inside a
 * scope run after it has ended, in no scope, and are judged by their stack as before.
 */
let depth = 0

/**
 * Enters infrastructure's scope (true) or the app's (false) and returns what `leaveScope` must be
 * given back. Without a closure, for paths that run on every stream event (memory-socket.ts).
 */
export function enterScope(infrastructure: boolean): number {
  const saved = depth
  depth = infrastructure ? depth + 1 : 0
  return saved
}

export function leaveScope(saved: number): void {
  depth = saved
}

function runInScope<T>(infrastructure: boolean, fn: () => T): T {
  const saved = enterScope(infrastructure)
  try {
    return fn()
  } finally {
    leaveScope(saved)
  }
}

export const runAsInfrastructure = <T>(fn: () => T): T => runInScope(true, fn)

/** Runs app code reached from inside infrastructure (the app's socket end) outside its scope. */
export const runAsApp = <T>(fn: () => T): T => runInScope(false, fn)

/** A timer set now is set by infrastructure, known without a stack trace. */
export const inInfrastructureScope = (): boolean => depth > 0

/** A timer callback set as infrastructure runs as infrastructure. */
export function keepInfrastructureScope(callback: unknown): unknown {
  if (typeof callback !== 'function') return callback
  return function (this: unknown, ...args: unknown[]) {
    return runAsInfrastructure(() => callback.apply(this, args))
  }
}
