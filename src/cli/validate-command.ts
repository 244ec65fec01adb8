import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { drivers, validate, type Platform } from '../index.js'
import { EXIT, type Command } from './io.js'

export const validateCommand: Command = {
  summary: "Check a payload against a platform's schema",
  usage: `Usage: callspec validate <platform> <kind> <file.json | ->

Checks one JSON payload (an event, action or REST body) against a platform's schema.
Exits 0 when valid, 1 when invalid, 2 on usage errors.

Platforms and kinds:
${Object.values(drivers)
  .map((d) => `  ${d.platform}: ${d.validationKinds.join(', ')}`)
  .join('\n')}`,
  run(argv, { out, err }) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} })
    const [platform, kind, file] = positionals
    if (!platform || !kind || !file || positionals.length > 3) {
      err.write(`${this.usage}\n`)
      return EXIT.usage
    }
    if (!(platform in drivers)) {
      err.write(`callspec: unknown platform ${JSON.stringify(platform)}\n${this.usage}\n`)
      return EXIT.usage
    }
    let payload: unknown
    try {
      payload = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'))
    } catch (error) {
      err.write(`callspec: cannot read JSON from ${file}: ${(error as Error).message}\n`)
      return EXIT.usage
    }
    try {
      const result = validate(platform as Platform, kind as never, payload)
      if (result.ok) {
        out.write(`✔ valid ${platform} ${kind}\n`)
        return EXIT.ok
      }
      out.write(`✖ invalid ${platform} ${kind}\n${result.issues.map((i) => `  ✖ ${i.message}${i.path ? ` → at ${i.path}` : ''}`).join('\n')}\n`)
      if (result.vendorError) out.write(`  vendor answer: ${JSON.stringify(result.vendorError)}\n`)
      return EXIT.failed
    } catch (error) {
      err.write(`${(error as Error).message}\n`)
      return EXIT.usage
    }
  },
}
