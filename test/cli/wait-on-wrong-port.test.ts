/**
 * audit-81 finding 5: `--wait-on` at a port the app does not listen on gave only "raise
 * --wait-timeout?", wrong advice when nothing listens there at all. Now the message says nothing
 * listened (connection refused) and to check the port and URL; raising the wait stays the advice
 * for an address that took connections but did not answer. Driven as a user runs it: a real app
 * process (--start) and real HTTP polling.
 */
import { expect, it } from 'vitest'
import { FIXTURES, cli } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'

it('the app listens on another port: "nothing listened there", check the port and URL, never only "raise --wait-timeout"', async () => {
  const [appPort, waitPort] = [await freePort(), await freePort()]
  const source = `require('node:http').createServer((q, s) => s.end()).listen(${appPort}, '127.0.0.1', () => console.log('listening ${appPort}'))`
  const command = `exec "${process.execPath}" -e "${source}"`
  const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', command, '--wait-on', `http://127.0.0.1:${waitPort}/health`, '--wait-timeout', '1s'])
  expect(err).toBe(
    `callspec run: http://127.0.0.1:${waitPort}/health did not answer within 1 s of --start ${JSON.stringify(command)}: nothing listened at 127.0.0.1:${waitPort} (connection refused). ` +
      `Is that the port and URL the app listens on? (Its output may say.) If the app only starts slowly, raise --wait-timeout.\nIts output:\nlistening ${appPort}\n`,
  )
  expect(code).toBe(2)
}, 30_000)
