import { CallspecUsageError } from '../errors/usage-error.js'
import type { SourcePosition } from './types.js'

/** A scenario file that cannot be read as written: the message starts with file:line:column. */
export class ScenarioFileError extends CallspecUsageError {
  override name = 'ScenarioFileError'
  constructor(
    readonly at: SourcePosition,
    readonly reason: string,
  ) {
    super(`${at.file}:${at.line}:${at.column}: ${reason}`)
  }
}
