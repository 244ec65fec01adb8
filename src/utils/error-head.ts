/**
 * An app's error as a failure quotes it: its name, message and the top of its stack (where it
 * was thrown), not the whole trace. Shared by the synchronous throw the in-memory socket catches
 * and the uncaught one app-crashes.ts sees, so both read alike.
 */
export function errorHead(error: unknown): string {
  return readSafely(error, () => (error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`).split('\n').slice(0, 4).join('\n') : String(error)))
}

/** An app's error in one line: its message, or the value as text. */
export function errorMessage(error: unknown): string {
  return readSafely(error, () => (error instanceof Error ? error.message : String(error)))
}

/**
 * Reads an app's thrown value as text, never throwing itself: an Error whose `message` or `stack`
 * getter throws, a Proxy whose traps throw, an object whose `Symbol.toPrimitive` throws. Read
 * plainly, each threw inside callspec's own failure building (helper-135: uncaught exceptions from
 * callspec's code, and failures whose text was the getter's own error, "proxy proto trap").
 */
function readSafely(error: unknown, read: () => string): string {
  try {
    return read()
  } catch (thrown) {
    let why: string
    try {
      why = thrown instanceof Error ? thrown.message : String(thrown)
    } catch {
      why = 'a value that cannot be read either'
    }
    return `${kindOf(error)} that cannot be read as text (reading it threw: ${why})`
  }
}

function kindOf(value: unknown): string {
  try {
    return value instanceof Error ? 'an Error' : typeof value === 'function' ? 'a function' : 'an object'
  } catch {
    // A Proxy whose getPrototypeOf trap throws.
    return 'an object'
  }
}

/** Stands for `undefined` thrown by the app, where "nothing thrown" is undefined too: said as `undefined`. */
export class ThrewUndefined {
  toString(): string {
    return 'undefined'
  }
}
