/**
 * The process's real timers, captured before the agent fakes the globals: the agent's own channel,
 * retries and waits must keep running in wall-clock time while the app's timers follow the call.
 * Imported first by the preload, so these are the originals.
 */
export const realSetTimeout = globalThis.setTimeout
export const realClearTimeout = globalThis.clearTimeout
export const realSetInterval = globalThis.setInterval
export const realClearInterval = globalThis.clearInterval
export const realSetImmediate = globalThis.setImmediate
export const RealDate = globalThis.Date
/** Real milliseconds, monotonic (captured before a call puts the app's performance.now() on its clock, monotonic-now.ts, for the agent's own waits). */
export const realNow: () => number = performance.now.bind(performance)

/** Resolves after one turn of the real event loop (all I/O callbacks of this turn have run). */
export const realTurn = () => new Promise<void>((resolve) => realSetImmediate(resolve))
