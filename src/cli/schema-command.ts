import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { payloadJsonSchemas } from '../../drivers/json-schemas.js'
import { vendorOptionJsonSchemas } from '../../drivers/vendor-option-json-schemas.js'
import { drivers } from '../index.js'
import { scenarioJsonSchema } from '../scenario/json-schema.js'
import { EXIT, type Command } from './io.js'
import { readArgs } from './read-args.js'
import { cliDidYouMeanPlatform } from '../utils/closest-platform.js'

const platforms = Object.keys(drivers)

export const schemaFileName = (platform: string) => `${platform}.scenario.json`

export function schemaFor(platform: string): Record<string, unknown> {
  const driver = drivers[platform as keyof typeof drivers]
  return scenarioJsonSchema(platform, driver.actionNames, payloadJsonSchemas[platform]!(), Object.keys(driver.rules), vendorOptionJsonSchemas[platform]?.())
}

export const schemaCommand: Command = {
  summary: 'Print the JSON Schema of scenario files for a platform',
  usage: `Usage: callspec schema <platform>          Print the scenario JSON Schema of one platform
       callspec schema --out <dir>           Write every platform's, as <platform>.scenario.json

Platforms: ${platforms.join(', ')}
The package ships them too: node_modules/callspec/dist/schemas/<platform>.scenario.json.
Point your editor at one with a first line such as
  # yaml-language-server: $schema=../node_modules/callspec/dist/schemas/webex-connect.scenario.json`,
  async run(argv, { out, err, cwd }) {
    const { values, positionals } = readArgs(argv, { out: { type: 'string' } }, { out: 'a directory' }, this.usage)
    if (values.out) {
      const dir = resolve(cwd, values.out)
      await mkdir(dir, { recursive: true })
      for (const p of platforms) await writeFile(join(dir, schemaFileName(p)), `${JSON.stringify(schemaFor(p), null, 2)}\n`)
      out.write(`wrote ${platforms.map(schemaFileName).join(', ')} to ${values.out}\n`)
      return EXIT.ok
    }
    const [platform] = positionals
    if (!platform || !platforms.includes(platform) || positionals.length > 1) {
      err.write(`${platform ? `callspec schema: unknown platform ${JSON.stringify(platform)}${cliDidYouMeanPlatform(platform, platforms)}\n` : ''}${this.usage}\n`)
      return EXIT.usage
    }
    out.write(`${JSON.stringify(schemaFor(platform), null, 2)}\n`)
    return EXIT.ok
  },
}
