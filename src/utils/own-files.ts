import { framePath, parseFrame } from './stack-frame.js'

/**
 * Where callspec's own code lives: src/, drivers/ and matchers/ from source, dist/ when built (read
 * off this module's own stack frame, wherever the package is installed).
 */
const OWN_DIRS: readonly string[] = (() => {
  const file = parseFrame(new Error().stack?.split('\n')[1] ?? '')?.file
  if (!file) return []
  const path = framePath(file)
  const src = /[\\/]src[\\/]utils[\\/][^\\/]*$/.exec(path)
  if (src) return ['src', 'drivers', 'matchers'].map((dir) => `${path.slice(0, src.index + 1)}${dir}`)
  return [path.replace(/[\\/][^\\/]*$/, '')]
})()

/** True for a file of callspec's own (a path, or a frame's `file://` URL). */
export const isOwnFile = (file: string): boolean => {
  const path = framePath(file)
  return OWN_DIRS.some((dir) => path.startsWith(dir))
}

/**
 * A stack without callspec's own frames on top: an error about the user's call starts at the
 * user's line, not in the package (whose built files are bundles, named as the bundler renamed
 * them: `callTo2`). The stack as it was when every frame is callspec's.
 */
export function fromUsersCode(stack: string): string {
  const lines = stack.split('\n')
  const first = lines.findIndex((line) => parseFrame(line) !== undefined || /^\s+at /.test(line))
  if (first === -1) return stack
  let user = first
  while (user < lines.length && isOwnLine(lines[user]!)) user++
  if (user === first || user === lines.length) return stack
  return [...lines.slice(0, first), ...lines.slice(user)].join('\n')
}

const isOwnLine = (line: string): boolean => {
  const frame = parseFrame(line)
  return frame !== undefined && isOwnFile(frame.file)
}

/**
 * Where an error of the app's was thrown, as `file:line:column` relative to the working directory:
 * the first frame with a location outside node_modules, Node and callspec itself (a timer
 * callback's throw names the app's line; frames below it are the fake clock's). Undefined when
 * there is none.
 */
export function thrownAt(error: unknown): string | undefined {
  let stack: unknown
  try {
    stack = error instanceof Error ? error.stack : undefined
  } catch {
    // An app's Error whose stack getter throws (or a Proxy): no line to name.
    return undefined
  }
  if (typeof stack !== 'string') return undefined
  for (const text of stack.split('\n').slice(1)) {
    const frame = parseFrame(text)
    if (!frame) continue
    const path = framePath(frame.file)
    if (path.startsWith('node:') || /[\\/]node_modules[\\/]/.test(path) || isOwnFile(path)) continue
    return `${underCwd(path)}:${frame.line}:${frame.column}`
  }
  return undefined
}

/** A path under the working directory relative to it, as test runners print them; others as they are. */
export function underCwd(path: string): string {
  const cwd = process.cwd()
  const inside = path.startsWith(cwd) && (path[cwd.length] === '/' || path[cwd.length] === '\\')
  return inside ? path.slice(cwd.length + 1) : path
}
