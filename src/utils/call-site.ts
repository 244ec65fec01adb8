import { parseFrame } from './stack-frame.js'

/**
 * Captures the user's line when a step is declared (supertest's wrapAssertFn): V8 formats the
 * stack only if a failure reads it, so capturing costs little.
 */
export function captureCallSite(fn: (...args: never[]) => unknown): Error {
  // A plain object: one stack capture instead of two (new Error() captures too). Three frames
  // reach the test's line through a helper or two; collecting a runner's deep stack cost ~10 µs.
  const site = { name: 'Error', message: 'call site' } as Error
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 3
  Error.captureStackTrace(site, fn)
  Error.stackTraceLimit = limit
  return site
}

/** The first frame of a captured site, e.g. `/app/test/ivr.test.ts:12:8`. */
export function firstFrame(site: Error): string {
  const text = site.stack?.split('\n')[1] ?? ''
  const frame = parseFrame(text)
  return frame ? `${frame.file}:${frame.line}:${frame.column}` : text.replace(/^\s*at\s+/, '').replace(/^.*\((.*)\)$/, '$1')
}

/** Puts the user's frames under an error's own first lines, so the runner points at the test. */
export function relocate(error: Error, site: Error): Error {
  const frames = (site.stack ?? '').split('\n').slice(1).join('\n')
  error.stack = `${error.name}: ${error.message}\n${frames}`
  return error
}
