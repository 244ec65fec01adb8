import { spawn, type ChildProcess } from 'node:child_process'
import { CallspecUsageError } from '../errors/usage-error.js'

/** The app under test, started by `--start` and stopped however the run ends. */
export interface StartedApp {
  /** Waits until `waitOn` answers (see startApp). */
  ready: Promise<void>
  stop(): Promise<void>
  /** What the app printed (the last few KB), for a failure to start. */
  output(): string
}

/**
 * Starts `command` in a shell, in its own process group (so stopping it stops whatever the shell
 * started too). `ready` waits until `waitOn` answers any HTTP status, polling every 100 ms, for
 * at most `timeoutMs`, and rejects, with the app's output, if it exits or never answers. The
 * handle comes back at once, so an interrupt while waiting can still stop the app.
 */
export function startApp(command: string, waitOn: string | undefined, timeoutMs: number, cwd: string): StartedApp {
  const child = spawn(command, { shell: true, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  let exited: string | undefined
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`
  })
  child.on('error', (error) => {
    exited = `could not start: ${error.message}`
  })
  const stop = () => stopProcess(child)
  return { stop, output: () => log, ready: waitOn ? waitUntilAnswers() : Promise.resolve() }

  async function waitUntilAnswers(): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (exited) {
        await stop()
        throw new CallspecUsageError(`--start ${JSON.stringify(command)} ${exited} before ${waitOn} answered. Its output:\n${log || '(none)'}`)
      }
      if (await answers(waitOn!)) return
      if (Date.now() > deadline) {
        await stop()
        throw new CallspecUsageError(`${waitOn} did not answer within ${timeoutMs / 1000} s of --start ${JSON.stringify(command)} (raise --wait-timeout?). Its output:\n${log || '(none)'}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}

/** SIGTERM to the process group, SIGKILL after 3 s if it is still there. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal)
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    kill('SIGTERM')
  })
}
