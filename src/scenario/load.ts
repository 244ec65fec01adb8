import { readFile } from 'node:fs/promises'
import { glob } from 'tinyglobby'
import { CallspecUsageError } from '../errors/usage-error.js'
import { parseScenarioFile, type PlatformCatalog } from './parse.js'
import { ScenarioFileError, ScenarioFilesError } from './scenario-error.js'
import type { ScenarioFile } from './types.js'

const SCENARIO_FILE = /\.(ya?ml|json)$/i

/**
 * A path written with `\` (`.\calls\menu.yaml`, as Windows shells write them), which a glob reads
 * as escapes: said, with the path as a glob takes it (helper-137: no hint at all).
 */
function backslashHint(pattern: string): string {
  if (!pattern.includes('\\')) return ''
  return `: a glob takes / between folders, on Windows too (${JSON.stringify(pattern.replace(/\\/g, '/'))})`
}

/** Files named by paths or globs, relative to `cwd`, sorted so every machine sees the same order. */
export async function findScenarioFiles(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>()
  for (const pattern of patterns) {
    const found = (await glob(pattern, { cwd, onlyFiles: true, expandDirectories: false })).filter((f) => SCENARIO_FILE.test(f))
    if (found.length === 0) throw new CallspecUsageError(`no scenario files (.yaml, .yml, .json) match ${JSON.stringify(pattern)} in ${cwd}${backslashHint(pattern)}`)
    for (const f of found) files.add(f)
  }
  return [...files].sort()
}

/**
 * Reads and parses scenario files. An invalid file throws its ScenarioFileError; several throw a
 * ScenarioFilesError listing each, in file order. Any other error (a file that cannot be read)
 * throws as it is.
 */
export async function loadScenarioFiles(files: readonly string[], platforms: PlatformCatalog, options: { platform?: string; cwd?: string } = {}): Promise<ScenarioFile[]> {
  const loaded = await Promise.allSettled(
    files.map(async (file) => {
      const text = await readFile(options.cwd ? `${options.cwd}/${file}` : file, 'utf8')
      return parseScenarioFile(text, file, platforms, options.platform ? { platform: options.platform } : {})
    }),
  )
  const failures = loaded.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
  const other = failures.find((e) => !(e instanceof ScenarioFileError))
  if (other !== undefined) throw other
  const invalid = failures as ScenarioFileError[]
  const read = loaded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  if (invalid.length > 0) {
    const error = invalid.length === 1 ? invalid[0]! : new ScenarioFilesError(invalid)
    readBeside.set(error, read)
    throw error
  }
  return read
}

/** The files read fine beside the invalid ones an error names (loadScenarioFiles). */
const readBeside = new WeakMap<object, ScenarioFile[]>()

/**
 * The files of the run that could be read, when others could not (the error loadScenarioFiles
 * threw): a run that stops there lists their calls as skipped, not as though there were none.
 */
export const filesReadBeside = (error: unknown): readonly ScenarioFile[] => (typeof error === 'object' && error !== null ? (readBeside.get(error) ?? []) : [])

/** `--shard 2/3`: the files of shard 2 of 3, dealt round-robin over the sorted list. */
export function shardOf<T>(files: readonly T[], shard: { index: number; count: number }): T[] {
  return files.filter((_, i) => i % shard.count === shard.index - 1)
}

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || count < 1 || index < 1 || index > count) throw new CallspecUsageError(`--shard is i/n with 1 ≤ i ≤ n, such as 1/3; got ${JSON.stringify(text)}`)
  return { index, count }
}
