/**
 * helper-186: `--start` without `--wait-on`, and a `--target` on another port than the app's: every
 * call found nothing listening, and the hint said the calls "began … maybe before the app
 * listened", while the app had listened all along, on the port its own output named. Now, when
 * nothing listens at the calls' address even at the end of the run, the hint asks for the port
 * first; an app that only listened late still gets the --wait-on hint. A real app process.
 */
import { describe, expect, it } from 'vitest'
import { FIXTURES, cli } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'

const file = `${FIXTURES}/shard/a.yaml`
const waitOn = 'Pass --wait-on <url> (a URL the app answers once it is up, such as http://127.0.0.1:8000/health) to wait for it.'

describe('callspec run --start without --wait-on, the calls finding nothing listening', () => {
  it('the app listens on another port: the hint asks for the port, the app output beside it', async () => {
    const [appPort, targetPort] = [await freePort(), await freePort()]
    const command = `exec "${process.execPath}" -e "require('node:http').createServer((q, s) => s.end()).listen(${appPort}, '127.0.0.1', () => console.log('listening on ${appPort}'))"`
    const { code, err } = await cli(['run', file, '--start', command, '--target', `http://127.0.0.1:${targetPort}`])
    expect(err).toBe(
      `\nThe app's last output (--start):\nlistening on ${appPort}\n` +
        `\nHint: nothing listens at 127.0.0.1:${targetPort} even now, at the end of the run, while the --start app still runs: is that the port it listens on? (Its output may say.) Without --wait-on the calls also began as soon as the command started. ${waitOn}\n` +
        `\ncallspec run: no call reached the app: nothing listened at 127.0.0.1:${targetPort} (exit 2: the run could not go on).\n`,
    )
    expect(code).toBe(2)
  }, 30_000)

  it('the app listened late, after the calls gave up: the hint is --wait-on', async () => {
    const port = await freePort()
    // Listens 1.5 s in: after the first call found nothing there, within the 3 s it then waits for the app to listen or exit.
    const command = `exec "${process.execPath}" -e "setTimeout(() => require('node:http').createServer((q, s) => s.end()).listen(${port}, '127.0.0.1'), 1500); setTimeout(() => {}, 30000)"`
    const { code, err } = await cli(['run', file, '--start', command, '--target', `http://127.0.0.1:${port}`, '--reporter', 'junit:/dev/null'])
    expect(err).toContain(`\nHint: with --start and no --wait-on, the calls began as soon as the command started, maybe before the app listened. ${waitOn}\n`)
    expect(code).toBe(2)
  }, 30_000)
})
