import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { pidFrom } from '../helpers/is-alive.js'
import { tempDir } from '../helpers/temp-dir.js'
import { cliNodeArgs } from '../helpers/cli-command.js'

// audit-86 finding 1: a --start app that traps SIGTERM outlived the run, reparented, its port held,
// and the next run stopped with PortInUse. The stop resolved once the `sh -c` shell exited (SIGTERM
// ended it at once) and cancelled its SIGKILL. Now the stop waits for the whole process group to be
// gone, with SIGKILL after 3 s; the app here is the shell's child (no `exec`), as in most commands.

/** Signal 0 to `pid`: ESRCH once the process is gone (reaped); a zombie or a live process answers. */
function probe(pid: number): string {
  try {
    process.kill(pid, 0)
    return 'still there'
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error'
  }
}

const start = async (dir: string) => {
  const port = await freePort()
  return { port, args: ['--start', `node ${FIXTURES}/apps/ignores-sigterm.mjs ${port} ${dir}/pid`, '--wait-on', `http://127.0.0.1:${port}/health`] }
}

describe('callspec run --start: an app that ignores SIGTERM is gone when callspec exits', () => {
  it('after a run whose calls passed', async () => {
    const dir = tempDir('sigterm')
    const { args } = await start(dir)
    const run = cliProcess(['run', `${FIXTURES}/shard/a.yaml`, ...args])
    const pid = await pidFrom(`${dir}/pid`)
    const { code, out } = await run
    expect(out).toMatch(/^✔ shard file a \(test\/cli\/fixtures\/shard\/a\.yaml:1, \d+ ms\)\n\nall passed, 1 passed, 1 call\(s\) in [\d.]+ s\n$/)
    expect(code).toBe(0)
    expect(probe(pid)).toBe('ESRCH')
  }, 30_000)

  it('after a run whose calls failed, and its port is free for the next run', async () => {
    const dir = tempDir('sigterm')
    const { port, args } = await start(dir)
    const run = cliProcess(['run', `${FIXTURES}/pass.yaml`, '--concurrency', '1', ...args])
    const pid = await pidFrom(`${dir}/pid`)
    const { code, out } = await run
    expect(out).toMatch(/\n2 failed, 0 passed, 2 call\(s\) in [\d.]+ s\n$/)
    expect(code).toBe(1)
    expect(probe(pid)).toBe('ESRCH')
    // Before, the next run on that port stopped: "…/health answered before it started: another process holds that port".
    const next = await cliProcess(['run', `${FIXTURES}/shard/a.yaml`, '--start', `node ${FIXTURES}/apps/ignores-sigterm.mjs ${port} ${dir}/pid2`, '--wait-on', `http://127.0.0.1:${port}/health`])
    expect(next.err).toBe('')
    expect(next.code).toBe(0)
    expect(probe(await pidFrom(`${dir}/pid2`))).toBe('ESRCH')
  }, 40_000)

  it('after Ctrl-C (SIGINT): exit 130, the reports written, the app gone', async () => {
    const dir = tempDir('sigterm')
    const { args } = await start(dir)
    const child = spawn(process.execPath, cliNodeArgs(['run', `${FIXTURES}/shard/a.yaml`, ...args, '--reporter', `junit:${join(dir, 'junit.xml')}`]), { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const pid = await pidFrom(`${dir}/pid`)
    child.kill('SIGINT')
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(err).toMatch(/^callspec run: interrupted \(SIGINT\): 0 of 1 calls finished; [^\n]+\ncallspec: junit report written to [^\n]+\n$/)
    expect(code).toBe(130)
    expect(probe(pid)).toBe('ESRCH')
  }, 30_000)
})
