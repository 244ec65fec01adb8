import { readFileSync, statSync } from 'node:fs'
import { chainedCalls } from '../utils/chained-calls.js'
import { framePath, parseFrame } from '../utils/stack-frame.js'
import { STEP_METHODS, type Step } from './steps.js'

/**
 * The call site a failing step's error points at: the line the step was written on, found in the
 * source where the flow is awaited (call-site.ts: awaitedAt), else that line itself.
 *
 * Capturing a stack for every step cost ~7-9 µs each inside a running call (2-4 µs in a tight
 * loop; the captured frames also lived as long as the call), and one per call at callTo() still
 * 12-15 µs: only a failure pays now. It reads the test's file at each frame V8's async stack trace
 * gives and walks the chain written there (`await callTo(app).expectAction(…).pressDigits(…)`).
 * The chain's step methods must be the flow's steps, in order, or nothing is taken from it: a step added
 * elsewhere (a helper, a loop, a reused prefix) points at the awaiting line instead, and the
 * message names the step either way. Each frame is tried, so a helper that awaits the flow it is
 * given (`await expectToFail(dial(app).expectAction(…))`) finds the chain in the test.
 */
export function siteOfStep(root: Error, steps: readonly Step[], index: number): Error {
  const lines = (root.stack ?? '').split('\n')
  for (let f = 1; f < lines.length; f++) {
    const frame = parseFrame(lines[f]!)
    if (!frame) continue
    const found = stepLines(frame.file, frame.line, frame.column, steps)
    if (!found) continue
    // The flow's chain is here; a step past its end was added elsewhere.
    const step = found[index]
    if (!step) return root
    const stepFrame = `${frame.head}${frame.file}:${step.line}:${step.column}${frame.tail}`
    return { name: 'Error', message: 'call site', stack: [lines[0], stepFrame, ...lines.slice(1)].join('\n') }
  }
  return root
}

/** Where each step of the flow is written in the chain at this position, or undefined if the chain is not the flow's. */
function stepLines(file: string, line: number, column: number, steps: readonly Step[]): Array<{ line: number; column: number }> | undefined {
  const source = sourceOf(framePath(file))
  if (source === undefined) return undefined
  const written = chainedCalls(source, line, column).filter((call) => STEP_METHODS.has(call.name))
  if (written.length === 0 || written.length > steps.length) return undefined
  return written.every((call, i) => call.name === steps[i]!.method) ? written : undefined
}

/**
 * Files read for failures, by path and modification time: the explorer fails many probes whose
 * callTo() is in one file (its own), and each would read it again. Edited files are read anew.
 */
const sources = new Map<string, { mtimeMs: number; text: string }>()

function sourceOf(path: string): string | undefined {
  try {
    const { mtimeMs } = statSync(path)
    const known = sources.get(path)
    if (known?.mtimeMs === mtimeMs) return known.text
    const text = readFileSync(path, 'utf8')
    if (sources.size >= 16) sources.delete(sources.keys().next().value!)
    sources.set(path, { mtimeMs, text })
    return text
  } catch {
    return undefined
  }
}
