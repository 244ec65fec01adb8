/**
 * The frames above `entry` (the function the caller called), at most `frames` of them, as
 * `prepare` reads them: V8 hands them to `Error.prepareStackTrace` as objects, so a file name is
 * read without formatting a stack string (formatting one per timer was callspec's largest cost a
 * turn, measured). Without `prepare`, the stack as the `prepareStackTrace` in place formats it (the
 * test runner's, which maps a TypeScript file's lines back to its source). The globals are put back.
 */
export function readCallerFrames(entry: (...args: never[]) => unknown, frames: number, prepare?: (error: Error, frames: NodeJS.CallSite[]) => unknown): unknown {
  const limit = Error.stackTraceLimit
  const had = Error.prepareStackTrace
  Error.stackTraceLimit = frames
  if (prepare) Error.prepareStackTrace = prepare
  const holder: { stack?: unknown } = {}
  Error.captureStackTrace(holder, entry)
  // Read while our prepareStackTrace is in place: V8 formats the stack on first access.
  const read = holder.stack
  Error.prepareStackTrace = had
  Error.stackTraceLimit = limit
  return read
}

/** The first frame's file; code in eval or new Function has none of its own, and its origin's stands for it. */
export const fileOfFirstFrame = (_error: Error, frames: NodeJS.CallSite[]): string => {
  const frame = frames[0]
  if (!frame) return ''
  return frame.getFileName() ?? frame.getEvalOrigin() ?? ''
}
