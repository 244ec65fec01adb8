/**
 * helper-186: a file's own `target:` is kept over --wait-on's origin. `callspec explore
 * --emit-scenarios` writes the URL it explored into the file, so the file run later against an app
 * --start'ed on another port sent its calls to the old address, and said only "nothing listens at
 * 127.0.0.1:8792: is the app running?" while the started app ran. Now a hint names the file, its
 * target, and --target to send the calls to the started app. Driven as a user runs it: a real app
 * process (--start), a real port where nothing listens.
 */
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { expect, it } from 'vitest'
import { FIXTURES, cli } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { tempDir } from '../helpers/temp-dir.js'

it('--start with --wait-on, a file that names another target: the hint names the file and --target', async () => {
  const [appPort, oldPort] = [await freePort(), await freePort()]
  const file = `${tempDir('file-target')}/explored.yaml`
  writeFileSync(file, `platform: webex-connect\ntarget: http://127.0.0.1:${oldPort}\nwebhookPath: /webex/events\nname: greeted\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n  - hangup\n`)
  const command = `exec "${process.execPath}" ${FIXTURES}/apps/greets.mjs ${appPort}`
  const { code, err } = await cli(['run', file, '--start', command, '--wait-on', `http://127.0.0.1:${appPort}/health`])
  expect(err).toBe(
    `\nHint: ${relative(process.cwd(), file)} names its own target: http://127.0.0.1:${oldPort}, and its calls went there, not to the app --start runs (http://127.0.0.1:${appPort}, by --wait-on): ` +
      `a file's target: is kept over --wait-on. Pass --target http://127.0.0.1:${appPort} to send every call to the started app, or take target: out of the file.\n` +
      `\ncallspec run: no call reached the app: nothing listened at 127.0.0.1:${oldPort} (exit 2: the run could not go on).\n`,
  )
  expect(code).toBe(2)
}, 30_000)
