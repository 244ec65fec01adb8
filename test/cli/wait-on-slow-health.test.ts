/**
 * helper-186: each poll of --wait-on was cut off after 1 s, so a health URL that answers in 1.5 s
 * (one that asks its database first) never counted as answering: the run waited out
 * --wait-timeout and stopped with "did not answer within 30 s … (raise --wait-timeout?)", advice
 * that changed nothing, while the URL answered every time. Now a poll may take the rest of the
 * wait; a URL that takes the connection and never answers is said as such. Driven as a user runs
 * it: a real app process (--start) and real HTTP polling.
 */
import { describe, expect, it } from 'vitest'
import { FIXTURES, cli } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'

const file = `${FIXTURES}/shard/a.yaml`

describe('callspec run --wait-on a health URL that is slow to answer', () => {
  it('waits for its answer: the run goes on and passes', async () => {
    const port = await freePort()
    const command = `exec "${process.execPath}" ${FIXTURES}/apps/slow-health.mjs ${port} 1500`
    const { code, out, err } = await cli(['run', file, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--wait-timeout', '6s'])
    expect(err).toBe('')
    expect(out).toMatch(new RegExp(`^✔ shard file a \\(${file}:1, \\d+ ms\\)\\n\\nall passed, 1 passed, 1 call\\(s\\) in [\\d.]+ s\\n$`))
    expect(code).toBe(0)
  }, 30_000)

  it('one that takes the connection and never answers: said so, not only "raise --wait-timeout"', async () => {
    const port = await freePort()
    const command = `exec "${process.execPath}" ${FIXTURES}/apps/slow-health.mjs ${port} never`
    const { code, err } = await cli(['run', file, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--wait-timeout', '2s'])
    expect(err).toBe(
      `callspec run: http://127.0.0.1:${port}/health did not answer within 2 s of --start ${JSON.stringify(command)}: something took the connection but sent no answer in that time. ` +
        `Is the app stuck there, or does that URL take longer to answer? Then raise --wait-timeout.\nIts output:\nlistening ${port}\n`,
    )
    expect(code).toBe(2)
  }, 30_000)
})
