import { statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'

export interface ReportFile {
  readonly name: string
  readonly file: string | undefined
}

/**
 * Where the `--reporter` files go, checked before any call runs: a report that cannot be written
 * was found only once every call had run, with a stack trace of callspec's, and the reports after
 * it were never written (audit-108: `junit:reports/`, `junit:` with no file name); two reports on
 * one file, or one on a scenario file the run reads, overwrote it without a word. Each problem is
 * said with the reporter it is of (the others are still written when the run stops for it).
 * What cannot be known before writing (a read-only disk) is said when it is written (see report).
 */
export function reportFileProblems(reporters: readonly ReportFile[], cwd: string, inputs: readonly string[]): Array<{ reporter: ReportFile; message: string }> {
  const problems: Array<{ reporter: ReportFile; message: string }> = []
  const taken = new Map<string, ReportFile>()
  const read = new Set(inputs.map((file) => resolve(cwd, file)))
  for (const reporter of reporters) {
    const { name, file } = reporter
    if (file === undefined) continue
    const given = `--reporter ${name}:${file}`
    const say = (message: string) => problems.push({ reporter, message })
    if (file === '') {
      say(`--reporter ${name}: needs a file name after the colon, such as ${name}:${exampleFile(name)}`)
      continue
    }
    const path = resolve(cwd, file)
    const other = taken.get(path)
    if (other) {
      say(`${given} writes the same file as --reporter ${other.name}:${other.file}: give each report its own file`)
      continue
    }
    taken.set(path, reporter)
    if (read.has(path)) {
      say(`${given} would overwrite a scenario file this run reads: give the report a file of its own, such as ${name}:${exampleFile(name)}`)
      continue
    }
    if (kindOf(path) === 'directory') {
      say(`${given} names a directory: name a file in it, such as ${name}:${relative(cwd, resolve(path, exampleFile(name).split('/').pop()!)) || exampleFile(name)}`)
      continue
    }
    const blocked = blockedBy(path, cwd)
    if (blocked) say(`${given} cannot be written: ${blocked}`)
  }
  return problems
}

/**
 * Why a file a command writes at its end (`dial --save`, `explore --graph`) cannot be, told before
 * the command runs: its path is a directory, or a file stands where a directory above it would be
 * made. Undefined when it can be tried (its missing directories are made as it is written).
 */
export function outputFileProblem(option: string, file: string, cwd: string): string | undefined {
  const path = resolve(cwd, file)
  if (kindOf(path) === 'directory') return `${option} ${file} names a directory: name a file in it`
  const blocked = blockedBy(path, cwd)
  return blocked ? `${option} ${file} cannot be written: ${blocked}` : undefined
}

/** Writes a command's output file, making the directories it needs. */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}

/** A file above `path` where its directory would be made, said as a reason; else undefined. */
function blockedBy(path: string, cwd: string): string | undefined {
  const blocking = fileAbove(path)
  return blocking ? `${relative(cwd, blocking) || blocking} is a file, not a directory` : undefined
}

/** The report file the usage text suggests for each reporter. */
function exampleFile(name: string): string {
  return name === 'junit' ? 'reports/junit.xml' : name === 'html' ? 'reports/calls.html' : 'reports/calls.json'
}

function kindOf(path: string): 'file' | 'directory' | undefined {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file'
  } catch {
    return undefined
  }
}

/** The nearest existing path above `path` when it is a file (the report's directory cannot be made), else undefined. */
function fileAbove(path: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const kind = kindOf(dir)
    if (kind === 'file') return dir
    if (kind === 'directory' || dirname(dir) === dir) return undefined
  }
}
