import { readCallerFrames } from './caller-frames.js'
import { isOwnFile } from './own-files.js'
import { parseFrame } from './stack-frame.js'

/**
 * Captures the user's line when a flow is written (supertest's wrapAssertFn): V8 formats the
 * stack only if a failure reads it. Used only where nothing else can find that line later: the
 * seed of a call made outside a known test with no seed of its own (see create-call-to.ts).
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

/**
 * Where the code that awaits a running flow is, captured when it fails: V8's async stack trace
 * follows the flow's run through `await` (and its then()) up to the user's `await callTo(…)…`,
 * so a failure finds the test's line without a capture on every call. Once took as callTo() ran,
 * that capture cost 12-15 µs a call (a stack walk over code the call had pushed out of the CPU's
 * caches: ~3 µs in a tight loop) and ~30-40 µs of an in-process call's time in all (bench,
 * interleaved A/B), for a line only a failure reads. Undefined when no frame outside callspec and
 * Node is on the way (a flow awaited only through a library's then(), such as expect().rejects).
 */
export function awaitedAt(): Error | undefined {
  const stack = readCallerFrames(awaitedAt, 40)
  if (typeof stack !== 'string') return undefined
  const frames = stack.split('\n').filter((line) => {
    const frame = parseFrame(line)
    return frame !== undefined && !frame.file.startsWith('node:') && !isOwnFile(frame.file)
  })
  return frames.length === 0 ? undefined : { name: 'Error', message: 'call site', stack: ['Error: call site', ...frames].join('\n') }
}

/** The first frame of a captured site, e.g. `/app/test/ivr.test.ts:12:8`. */
export function firstFrame(site: Error): string {
  const text = site.stack?.split('\n')[1] ?? ''
  const frame = parseFrame(text)
  return frame ? `${frame.file}:${frame.line}:${frame.column}` : text.replace(/^\s*at\s+/, '').replace(/^.*\((.*)\)$/, '$1')
}

/** Puts the user's frames under an error's own first lines, so the runner points at the test. */
export function relocate(error: Error, site: Error | undefined): Error {
  if (!site) return error
  const frames = (site.stack ?? '').split('\n').slice(1).join('\n')
  error.stack = `${error.name}: ${error.message}\n${frames}`
  return error
}
