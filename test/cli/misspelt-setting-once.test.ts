/**
 * helper-186: a misspelt `platform:` or `steps:` (`Platform:`, `platfrom:`, `Step:`) was reported
 * twice: as an unknown setting with the name meant, and again as missing (`platform is missing`,
 * `no steps`, `scenario "x" has no steps`), which read as two mistakes to fix for one. Now once.
 */
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { expect, it } from 'vitest'
import { cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const SETTINGS = 'name, platform, target, webhookPath, seed, from, to, headers, vendor, unconsumed, limits, strict, rules, parties, answeredBy, startedBy, steps'

it('callspec run: a misspelt platform: or steps: is one problem, the unknown setting with the name meant', async () => {
  const dir = tempDir('misspelt-setting')
  const write = (name: string, text: string) => {
    writeFileSync(`${dir}/${name}`, text)
    return relative(process.cwd(), `${dir}/${name}`)
  }
  const platform = write('a-platform.yaml', 'Platform: 8x8\nsteps:\n  - expect: sayAndCapture\n')
  const steps = write('b-steps.yaml', 'platform: 8x8\nStep:\n  - expect: sayAndCapture\n')
  const inList = write('c-in-list.yaml', 'platform: 8x8\nscenarios:\n  - name: menu\n    Steps:\n      - expect: sayAndCapture\n')
  const { code, out, err } = await cli(['run', platform, steps, inList, '--target', 'http://127.0.0.1:1'])
  expect(out).toBe('')
  expect(err).toBe(
    'callspec run: 3 scenario files are invalid, no call was run:\n' +
      `${platform}:1:1: unknown setting "Platform" (did you mean "platform"?); expected one of: ${SETTINGS}, scenarios\n` +
      `${steps}:2:1: unknown setting "Step" (did you mean "steps"?); expected one of: ${SETTINGS}, scenarios\n` +
      `${inList}:4:5: unknown setting "Steps" (did you mean "steps"?); expected one of: ${SETTINGS.replace('platform, ', '')}\n`,
  )
  expect(code).toBe(2)
})
