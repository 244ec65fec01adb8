#!/usr/bin/env node
/**
 * The `callspec` command: runs scenario files, opens an interactive call, validates payloads.
 * Each command lives in its own file and is listed in commands.ts.
 */
import { readFileSync } from 'node:fs'
import { quietWhenClosed } from './closed-pipe.js'
import { commands } from './commands.js'
import { EXIT, type CliIo } from './io.js'
import { ArgsError } from './read-args.js'
import { didYouMeanName } from '../validation/did-you-mean.js'

export { commands } from './commands.js'
export type { CliIo, Command } from './io.js'

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length))
  return `Usage: callspec <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

  callspec <command> --help   Options of a command
  callspec --version`
}

export async function main(argv: string[], io: CliIo = { out: process.stdout, err: process.stderr, cwd: process.cwd() }): Promise<number> {
  const [first, ...rest] = argv
  if (first === '--version' || first === '-v') {
    io.out.write(`${readVersion()}\n`)
    return EXIT.ok
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined
    if (topic && commands[topic]) {
      io.out.write(`${commands[topic].usage}\n`)
      return EXIT.ok
    }
    ;(first === undefined ? io.err : io.out).write(`${usage()}\n`)
    return first === undefined ? EXIT.usage : EXIT.ok
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined
  if (!command) {
    // A slip (`callspec rn`) names the command meant, as an unknown option does.
    const near = first.startsWith('-') ? '' : didYouMeanName(first, Object.keys(commands))
    io.err.write(`callspec: unknown command ${JSON.stringify(first)}${near}.\n\n${usage()}\n`)
    return EXIT.usage
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out.write(`${command.usage}\n`)
    return EXIT.ok
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    // Arguments it could not read (read-args.ts: an unknown option, a missing value), or another of
    // parseArgs' errors: usage errors.
    const code = (error as { code?: string }).code
    if (error instanceof ArgsError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err.write(`callspec ${first}: ${(error as Error).message}\nRun callspec ${first} --help for the options.\n`)
      return EXIT.usage
    }
    throw error
  }
}

function readVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string }).version
    } catch {
      // try the next layout (built dist/ or source src/cli/)
    }
  }
  return 'unknown'
}

/** Real ms the process may take to end by itself once the run is over (see exitSoon). */
const EXIT_GRACE_MS = 1_000

// Run when executed as the bin, not when imported by a test.
if (process.argv[1] && /(^|[\\/])callspec$|[\\/]cli[\\/]index\.ts$|[\\/]cli\.c?js$/.test(process.argv[1])) {
  main(process.argv.slice(2), { out: quietWhenClosed(process.stdout), err: quietWhenClosed(process.stderr), cwd: process.cwd() }).then(
    (code) => exitSoon(code),
    (error: unknown) => {
      process.stderr.write(`callspec: ${(error as Error).stack ?? String(error)}\n`)
      exitSoon(EXIT.usage)
    },
  )
}

/**
 * The run is over and its reports are written: the process ends with `code` once nothing holds it,
 * and at the latest a second later. An --app module that starts its own server when imported (as
 * many apps' entry files do) held it open for good: the run had ended (`exports neither default
 * nor app`, or every call passed) and the command never returned.
 */
function exitSoon(code: number): void {
  process.exitCode = code
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref()
}
