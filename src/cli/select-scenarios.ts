import { readFile } from 'node:fs/promises'
import { CallspecUsageError } from '../errors/usage-error.js'
import { findScenarioFiles } from '../scenario/load.js'
import type { Scenario } from '../scenario/types.js'

/**
 * Which scenarios of the files a run reads it runs: all of them, or the ones a `file.yaml:12`
 * argument points at (the scenario that holds line 12, as `vitest run file.test.ts:12` runs the
 * test there), and of those the ones whose name `--grep` matches. A QA engineer rerunning one
 * failing call of a file of twenty had no way but to copy it out (audit qa-76).
 */
export interface Selection {
  /** Lines asked for, by file (as the file patterns found it). */
  readonly lines: ReadonlyMap<string, readonly number[]>
  /** How many lines each of those files has: a line past the end holds no scenario. */
  readonly lengths?: ReadonlyMap<string, number>
  readonly grep: RegExp | undefined
}

/** `scenarios/menu.yaml:12` → the pattern and the line; anything else has no line. */
export function splitLine(argument: string): { pattern: string; line?: number } {
  const match = /^(.+):(\d+)$/.exec(argument)
  return match ? { pattern: match[1]!, line: Number(match[2]) } : { pattern: argument }
}

/** The lines `file.yaml:12` arguments ask for, by the one file each names, and how many lines each of those files has. */
export async function linesAskedFor(
  patterns: ReadonlyArray<{ pattern: string; line?: number }>,
  cwd: string,
): Promise<{ lines: Map<string, number[]>; lengths: Map<string, number> }> {
  const lines = new Map<string, number[]>()
  const lengths = new Map<string, number>()
  for (const { pattern, line } of patterns) {
    if (line === undefined) continue
    const files = await findScenarioFiles([pattern], cwd)
    if (files.length !== 1) throw new CallspecUsageError(`${pattern}:${line}: a line belongs to one file, and ${JSON.stringify(pattern)} matches ${files.length}`)
    const file = files[0]!
    lines.set(file, [...(lines.get(file) ?? []), line])
    if (!lengths.has(file)) lengths.set(file, lineCount(await readFile(file, 'utf8').catch(() => '')))
  }
  return { lines, lengths }
}

/** Lines in a text, as an editor numbers them (a final newline starts no line of its own). */
const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0))

/** `--grep`'s value as a regular expression (as Playwright's), matched against each scenario's name. */
export function readGrep(value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined
  try {
    return new RegExp(value)
  } catch (error) {
    throw new CallspecUsageError(`--grep is a regular expression matched against scenario names, got ${JSON.stringify(value)}: ${(error as Error).message}`)
  }
}

export function selectScenarios(scenarios: readonly Scenario[], selection: Selection): Scenario[] {
  let chosen = [...scenarios]
  for (const [file, lines] of selection.lines) {
    const inFile = scenarios.filter((s) => s.at.file === file).sort((a, b) => a.at.line - b.at.line)
    const held = new Set<Scenario>()
    const starts = () => inFile.map((s) => `line ${s.at.line} (${JSON.stringify(s.name)})`).join(', ')
    const length = selection.lengths?.get(file)
    for (const line of lines) {
      // Past the end, no scenario holds it: a typo (:240 for :24) ran the last one, green (audit-108).
      if (length !== undefined && line > length) throw new CallspecUsageError(`${file}:${line} is past the end of the file (${length} lines); its scenarios start at ${starts()}`)
      // The scenario that holds the line: the last one that starts at or before it.
      const scenario = inFile.filter((s) => s.at.line <= line).at(-1)
      if (!scenario) throw new CallspecUsageError(`${file}:${line} is before the file's first scenario; its scenarios start at ${starts()}`)
      held.add(scenario)
    }
    chosen = chosen.filter((s) => s.at.file !== file || held.has(s))
  }
  const { grep } = selection
  if (grep) {
    chosen = chosen.filter((s) => grep.test(s.name))
    if (chosen.length === 0) {
      const names = scenarios.slice(0, 10).map((s) => JSON.stringify(s.name))
      throw new CallspecUsageError(`no scenario name matches --grep ${JSON.stringify(grep.source)}; the names are ${names.join(', ')}${scenarios.length > 10 ? ', …' : ''}`)
    }
  }
  return chosen
}
