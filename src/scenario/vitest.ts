import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { globSync } from 'tinyglobby'
import { describe, it } from 'vitest'
import { scenarioPlatforms } from './platforms.js'
import { callTo } from '../index.js'
import type { AppTarget } from '../transport/types.js'
import type { AnyCallTo } from './compile.js'
import { parseScenarioFile } from './parse.js'
import { runScenario } from './run.js'
import type { SourcePosition } from './types.js'

export interface ScenariosOptions {
  /** The app: a request listener, an http.Server, a { fetch } app or a base URL. Default: each file's target:. */
  target?: AppTarget
  /** Platform for files that do not name one. */
  platform?: string
  /** Where the globs are resolved (default: the current directory, vitest's root). */
  cwd?: string
  /** Real ms each call may take before vitest gives up on it (default: vitest's testTimeout). */
  timeout?: number
}

/**
 * Turns scenario files into vitest tests: a `describe` per file and an `it` per call, so a team
 * mixes scenario files and TypeScript tests in one suite and one report.
 * @example scenarios('scenarios/webex/*.yaml', { target: app })
 */
export function scenarios(patterns: string | readonly string[], options: ScenariosOptions = {}): void {
  const cwd = options.cwd ?? process.cwd()
  const list = typeof patterns === 'string' ? [patterns] : patterns
  const files = [...new Set(list.flatMap((p) => globSync(p, { cwd, onlyFiles: true, expandDirectories: false })))].filter((f) => /\.(ya?ml|json)$/i.test(f)).sort()
  if (files.length === 0) {
    it(`scenario files ${list.join(', ')}`, () => {
      throw new Error(`[callspec] scenarios(): no .yaml, .yml or .json file matches ${list.map((p) => JSON.stringify(p)).join(', ')} in ${cwd}`)
    })
    return
  }
  // Each action's fields, as `callspec run` reads them: a `match` key that is none (a typo) fails the file.
  const platforms = scenarioPlatforms()
  for (const file of files) {
    let parsed: ReturnType<typeof parseScenarioFile>
    try {
      parsed = parseScenarioFile(readFileSync(`${cwd}/${file}`, 'utf8'), file, platforms, options.platform ? { platform: options.platform } : {})
    } catch (error) {
      // An invalid file is one failing test with its file:line:column, not a crashed collection.
      const at = (error as { at?: SourcePosition }).at
      it(file, () => {
        throw at && error instanceof Error ? atScenarioLine(error, cwd, at) : error
      })
      continue
    }
    describe(file, () => {
      for (const scenario of parsed.scenarios) {
        it(
          scenario.name,
          async () => {
            const target = options.target ?? scenario.target
            if (target === undefined) throw new Error(`[callspec] ${file}:${scenario.at.line}: scenario ${JSON.stringify(scenario.name)} has no target: pass scenarios(…, { target }) or add target: to the file`)
            const result = await runScenario(scenario, callTo as unknown as AnyCallTo, target)
            if (result.error) {
              const error = result.error.error
              error.message = result.error.message
              throw atScenarioLine(error, cwd, result.error.at ?? scenario.at, scenario.name)
            }
          },
          options.timeout,
        )
      }
    })
  }
}

/**
 * The error, its stack one frame: the scenario file's line. vitest prints the top frame's source
 * under a failure and links it: the step in the .yaml, as a DSL failure points at the test's line,
 * not callspec's own modules (which a package ships without their sources, so the frames led
 * nowhere: newcomer audit-119).
 */
function atScenarioLine(error: Error, cwd: string, at: SourcePosition, scenario?: string): Error {
  const where = `${resolve(cwd, at.file)}:${at.line}:${at.column}`
  error.stack = `${error.name}: ${error.message}\n    at ${scenario === undefined ? where : `scenario ${JSON.stringify(scenario)} (${where})`}`
  return error
}
