import { describe, expect, it } from 'vitest'
import { cli, FIXTURES } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'

// QA-163 Q5: an app that ends itself (code 0) once its one call passed. The run printed "all
// passed, 1 passed", then that the app "exited with code 0 during the run, which stopped there",
// exit 2: a passing summary above a stop, and a stop that read as a crash cutting calls off. Still
// exit 2 (the app must run until the run stops it), but the summary says the run stopped and the
// reason says the app exited after the last call.
describe('callspec run --start: an app that exits with code 0 after the last call passed', () => {
  it('the summary says the run stopped, not "all passed"; the reason says it exited after the last call; exit 2', async () => {
    const port = await freePort()
    const command = `exec node ${FIXTURES}/apps/exits-after-first-call.mjs ${port} 0`
    const { code, out, err } = await cli(['run', `${FIXTURES}/shard/a.yaml`, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`])
    expect(out).toMatch(new RegExp(`^✔ shard file a \\(${FIXTURES}/shard/a\\.yaml:1, \\d+ ms\\)\n\nrun stopped, 1 passed, 1 call\\(s\\) in [\\d.]+ s\n$`))
    expect(err).toBe(
      `callspec run: --start ${JSON.stringify(command)} exited with code 0 after the last call, before the run ended (an app started with --start must run until callspec stops it); its last output: "DROPPED answered, done".\nIts output:\nDROPPED answered, done\n`,
    )
    expect(code).toBe(2)
  }, 30_000)
})
