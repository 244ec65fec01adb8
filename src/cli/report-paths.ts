import { statSync } from 'node:fs'
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
    const kind = kindOf(path)
    if (kind === 'directory') {
      say(`${given} names a directory: name a file in it, such as ${name}:${relative(cwd, resolve(path, exampleFile(name).split('/').pop()!)) || exampleFile(name)}`)
      continue
    }
    const blocking = fileAbove(path)
    if (blocking) say(`${given} cannot be written: ${relative(cwd, blocking) || blocking} is a file, not a directory`)
  }
  return problems
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
