import { CallspecUsageError } from '../errors/usage-error.js'
import type { SourcePosition } from './types.js'

/** A scenario file that cannot be read as written: the message starts with file:line:column. */
export class ScenarioFileError extends CallspecUsageError {
  override name = 'ScenarioFileError'
  constructor(
    readonly at: SourcePosition,
    readonly reason: string,
    /** The file's other problems, after this one: a file is reported whole, not one problem per attempt. */
    readonly more: readonly ScenarioFileError[] = [],
  ) {
    super([`${at.file}:${at.line}:${at.column}: ${reason}`, ...more.map((e) => e.message)].join('\n'))
  }

  /** One error for all of a file's problems, in the file's order (one line each). */
  static all(problems: readonly ScenarioFileError[]): ScenarioFileError {
    const [first, ...rest] = [...problems].sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column)
    return rest.length === 0 ? first! : new ScenarioFileError(first!.at, first!.reason, rest)
  }
}

/**
 * Several invalid scenario files at once: each one's error, so a run lists every file to fix
 * rather than one per attempt. (A single invalid file throws its own ScenarioFileError.)
 */
export class ScenarioFilesError extends CallspecUsageError {
  override name = 'ScenarioFilesError'
  constructor(readonly errors: readonly ScenarioFileError[]) {
    super(`${errors.length} scenario files are invalid, no call was run:\n${errors.map((e) => e.message).join('\n')}`)
  }
}

/** The invalid files an error from loadScenarioFiles names, in file order; undefined for any other error. */
export function invalidFilesOf(error: unknown): readonly ScenarioFileError[] | undefined {
  if (error instanceof ScenarioFilesError) return error.errors
  return error instanceof ScenarioFileError ? [error] : undefined
}
