/**
 * QA-163 Q1: a --start command that puts the app in the background (`setsid -f app`, `app &`,
 * `gunicorn --daemon`) returns with code 0 at once. callspec said only that it "exited with code 0
 * before <url> answered", while the app was listening; a daemon that left the command's process
 * group was left running, and the next run met "another process holds that port". Now the message
 * says --start must keep the app in the foreground, and, when --wait-on still answers once the
 * group is stopped, that an app left running there is not callspec's to stop, with its port.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { cli, FIXTURES } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { readFileSync } from 'node:fs'
import { isAlive, pidFrom } from '../helpers/is-alive.js'
import { tempDir } from '../helpers/temp-dir.js'

const foreground = '--start must run the app in the foreground (no `&`, no `--daemon`, no `setsid -f`, no `-d`): callspec waits for --wait-on while the command runs, and stops the command when the run ends.'
/** Alive and not a zombie: orphaned, a stopped app is reparented where nothing may reap it (a container), and stays a zombie. */
const running = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
const left: number[] = []
afterEach(() => {
  // The daemon callspec cannot stop is the test's to stop.
  for (const pid of left.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
})

describe('callspec run --start with a command that backgrounds the app', () => {
  it('setsid -f: says to keep the app in the foreground, and that an app still answers at the port, which callspec cannot stop; leaves it running', async () => {
    const dir = tempDir('start-background')
    const port = await freePort()
    const app = `sh -c 'echo $$ > ${dir}/pid; echo listening on ${port}; exec node ${FIXTURES}/apps/exits-after-first-call.mjs ${port}'`
    const command = `setsid -f ${app}`
    const url = `http://127.0.0.1:${port}/health`
    const run = cli(['run', `${FIXTURES}/shard/a.yaml`, '--start', command, '--wait-on', url])
    const pid = await pidFrom(`${dir}/pid`)
    left.push(pid)
    const { code, err } = await run
    expect(err).toBe(
      `callspec run: --start ${JSON.stringify(command)} exited with code 0 before ${url} answered; its last output: "listening on ${port}".\n` +
        `${foreground}\n` +
        `An app still answers at ${url}, left running in the background: callspec did not start it (it left the --start command's process group) and cannot stop it. Stop it yourself before the next run (it holds port ${port}: \`lsof -i :${port}\` finds it).\n` +
        `Its output:\nlistening on ${port}\n`,
    )
    expect(code).toBe(2)
    // Not callspec's to kill: it says so instead.
    expect(running(pid)).toBe(true)
  }, 30_000)

  it('a daemon forked once it listens, the command still running: the run passes, then says the app still answers there, which callspec cannot stop; exit code kept', async () => {
    const dir = tempDir('start-background')
    const port = await freePort()
    // The command goes on (sleep) while its daemon serves the calls: --wait-on answered, no exit seen.
    const command = `setsid -f sh -c 'echo $$ > ${dir}/pid; exec node ${FIXTURES}/apps/greets.mjs ${port}'; exec sleep 30`
    const url = `http://127.0.0.1:${port}/health`
    const run = cli(['run', `${FIXTURES}/shard/a.yaml`, '--start', command, '--wait-on', url])
    const pid = await pidFrom(`${dir}/pid`)
    left.push(pid)
    const { code, out, err } = await run
    expect(out).toMatch(/^✔ shard file a [^\n]*\n\nall passed, 1 passed, 1 call\(s\) in [\d.]+ s\n$/)
    expect(err).toBe(
      `callspec run: ${url} still answers after callspec stopped --start ${JSON.stringify(command)}: left running in the background: callspec did not start it (it left the --start command's process group) and cannot stop it. ` +
        `Stop it yourself before the next run (it holds port ${port}: \`lsof -i :${port}\` finds it). Keep the app in the foreground in --start (no \`&\`, no \`--daemon\`, no \`setsid -f\`).\n`,
    )
    expect(code).toBe(0)
    expect(running(pid)).toBe(true)
  }, 30_000)

  it('a trailing &: says to keep the app in the foreground; the app, still in the group, is stopped, so nothing is said to run there', async () => {
    const dir = tempDir('start-background')
    const port = await freePort()
    const command = `sh -c 'echo $$ > ${dir}/pid; echo listening on ${port}; exec node ${FIXTURES}/apps/exits-after-first-call.mjs ${port}' &`
    const url = `http://127.0.0.1:${port}/health`
    const run = cli(['run', `${FIXTURES}/shard/a.yaml`, '--start', command, '--wait-on', url])
    const pid = await pidFrom(`${dir}/pid`)
    left.push(pid)
    const { code, err } = await run
    expect(err).toBe(`callspec run: --start ${JSON.stringify(command)} exited with code 0 before ${url} answered; its last output: "listening on ${port}".\n${foreground}\nIts output:\nlistening on ${port}\n`)
    expect(code).toBe(2)
    expect(running(pid)).toBe(false)
  }, 30_000)
})
