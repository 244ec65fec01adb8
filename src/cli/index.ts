#!/usr/bin/env node
/**
 * The `callspec` command. For now it validates payloads from the shell (handy in CI for
 * recorded fixtures or for apps written in other languages); scenario files come later.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { drivers, explore, validate, type Platform } from '../index.js'
import { exploreCommand } from '../explore/cli.js'

const USAGE = `Usage:
  callspec validate <platform> <kind> <file.json | ->   Check a payload against a platform's schema
  callspec explore <config.js | URL> [options]            Explore the IVR (callspec explore --help)
  callspec --version

Platforms and kinds:
${Object.values(drivers)
  .map((d) => `  ${d.platform}: ${d.validationKinds.join(', ')}`)
  .join('\n')}`

export function main(argv: string[], out = process.stdout, err = process.stderr): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { version: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  if (values.version) {
    out.write(`${readVersion()}\n`)
    return 0
  }
  const [command, platform, kind, file] = positionals
  if (values.help || command !== 'validate' || !platform || !kind || !file) {
    ;(values.help ? out : err).write(`${USAGE}\n`)
    return values.help ? 0 : 2
  }
  if (!(platform in drivers)) {
    err.write(`callspec: unknown platform ${JSON.stringify(platform)}\n${USAGE}\n`)
    return 2
  }
  let payload: unknown
  try {
    payload = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'))
  } catch (error) {
    err.write(`callspec: cannot read JSON from ${file}: ${(error as Error).message}\n`)
    return 2
  }
  try {
    const result = validate(platform as Platform, kind as never, payload)
    if (result.ok) {
      out.write(`✔ valid ${platform} ${kind}\n`)
      return 0
    }
    out.write(`✖ invalid ${platform} ${kind}\n${result.issues.map((i) => `  ✖ ${i.message}${i.path ? ` → at ${i.path}` : ''}`).join('\n')}\n`)
    if (result.vendorError) out.write(`  vendor answer: ${JSON.stringify(result.vendorError)}\n`)
    return 1
  } catch (error) {
    err.write(`${(error as Error).message}\n`)
    return 2
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

// Run when executed as the bin, not when imported by a test.
if (process.argv[1] && /callspec|cli\.(c?js|ts)$/.test(process.argv[1])) {
  // explore is async; the other commands answer at once.
  if (process.argv[2] === 'explore') void exploreCommand(process.argv.slice(3), explore).then((code) => (process.exitCode = code))
  else process.exitCode = main(process.argv.slice(2))
}
