// Writes dist/THIRD_PARTY_LICENSES.md: the licences of the packages the build bundles into dist/
// (tsup.config.ts noExternal, and what they require), which their terms ask to be carried with
// the code. Run by the build (tsup's onSuccess) after tsup has written dist/.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const BUNDLED = ['zod', '@sinonjs/fake-timers', '@sinonjs/commons', 'type-detect']

const require = createRequire(import.meta.url)
const sections = BUNDLED.map((name) => {
  const folder = dirname(require.resolve(`${name}/package.json`))
  const { version, license } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))
  const file = readdirSync(folder).find((f) => /^licen[cs]e/i.test(f))
  if (!file) throw new Error(`${name} has no licence file to carry into dist/`)
  return `## ${name} ${version} (${license})\n\n\`\`\`\n${readFileSync(join(folder, file), 'utf8').trim()}\n\`\`\`\n`
})
const head = '# Third-party licences\n\ncallspec bundles these packages into its build (dist/); their licences follow.\n'
writeFileSync('dist/THIRD_PARTY_LICENSES.md', [head, ...sections].join('\n'))
