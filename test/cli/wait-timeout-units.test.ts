/**
 * QA-163 Q3: `--wait-timeout 60` was read as 60 ms, and the run failed saying --wait-on "did not
 * answer within 0.06 s"; a bare number is now read as a step's duration is (`silent: 30` is
 * refused: seconds were surely meant). And the shell's `Terminated`, printed because callspec
 * stopped the app, was shown under "Its output:" as though the app had said it: it is left out.
 */
import { describe, expect, it } from 'vitest'
import { cli, cliProcess, FIXTURES } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'

describe('callspec run --wait-timeout', () => {
  it('a bare number under 1000 is refused, naming what to write; exit 2 before the app starts', async () => {
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', 'exit 7', '--wait-on', 'http://127.0.0.1:9/health', '--wait-timeout', '60'])
    expect(err).toBe('callspec run: --wait-timeout 60 is 60 ms, over before an app could start: write --wait-timeout 60s for seconds, or 60ms if you mean milliseconds\nRun callspec run --help for the options.\n')
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('with a unit, or a bare 1000 and more (milliseconds, as in a step), it is taken', async () => {
    const port = await freePort()
    for (const [given, said] of [['60ms', '0.06'], ['1500', '1.5']]) {
      const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', 'exec sleep 30', '--wait-on', `http://127.0.0.1:${port}/health`, '--wait-timeout', given!])
      expect(err).toMatch(new RegExp(`^callspec run: http://127\\.0\\.0\\.1:${port}/health did not answer within ${said} s of --start "exec sleep 30": `))
      expect(code).toBe(2)
    }
  }, 30_000)

  it('the app the shell runs (no exec) is stopped when --wait-on does not answer: the shell\'s "Terminated" is not shown as the app\'s output', async () => {
    const port = await freePort()
    // Not exec'd: the shell waits on it, and (dash) says "Terminated" as callspec's SIGTERM ends it.
    const command = `echo starting; sleep 30`
    const { code, err } = await cliProcess(['run', `${FIXTURES}/pass.yaml`, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--wait-timeout', '1s'])
    expect(err).toMatch(new RegExp(`^callspec run: http://127\\.0\\.0\\.1:${port}/health did not answer within 1 s of --start "echo starting; sleep 30": [^\\n]*\nIts output:\nstarting\n$`))
    expect(code).toBe(2)
  }, 30_000)
})
