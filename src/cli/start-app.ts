import { spawn, type ChildProcess } from 'node:child_process'
import { CallspecError } from '../errors/callspec-error.js'
import { OutputTail } from './output-tail.js'

/**
 * What a --start app did that stopped the run: the app's or its environment's doing, not a misuse
 * of callspec (a CallspecUsageError). Its name is the kind, the type of the JUnit report's error:
 * - `AppExited`: the app exited (or could not start), before it answered --wait-on or during the run;
 * - `PortInUse`: another process holds its port (--wait-on answered before it started, or it said EADDRINUSE);
 * - `NotReady`: --wait-on did not answer within --wait-timeout.
 */
export class AppStoppedRun extends CallspecError {
  constructor(
    readonly kind: 'AppExited' | 'PortInUse' | 'NotReady',
    message: string,
  ) {
    super(message)
    this.name = kind
  }
}

/** The app under test, started by `--start` and stopped however the run ends. */
export interface StartedApp {
  /** Waits until `waitOn` answers (see startApp). */
  ready: Promise<void>
  /**
   * Runs `work` (the calls) while the app runs: if the app exits meanwhile, `signal` aborts (no
   * further call starts), and once `work` is done it throws, with the app's exit code and output.
   * What `work` finished is the caller's to keep (the run reports the calls that finished).
   * `underWay`: what the app's exit cut off (the calls under way), put in the message before its output.
   */
  whileRunning<T>(work: (signal: AbortSignal) => Promise<T>, underWay?: () => string | undefined): Promise<T>
  stop(): Promise<void>
  /** The last lines the app printed, for a failed call. */
  output(): string
  /** How the app exited by itself (`exited with code 4`), once seen; undefined while it runs or when the run stopped it. */
  exited(): string | undefined
  /** Waits at most `ms` for the app to exit by itself: how it exited (as exited()), or undefined if it still runs. */
  exitedWithin(ms: number): Promise<string | undefined>
}

/** How long after the calls an exit still counts as during them: a crash's exit arrives a moment after the failure it caused. */
export const EXIT_GRACE_MS = 100

/**
 * Starts `command` in a shell, in its own process group (so stopping it stops whatever the shell
 * started too). `ready` waits until `waitOn` answers any HTTP status, polling every 100 ms, for
 * at most `timeoutMs`, and rejects, with the app's output, if it exits or never answers. When
 * `waitOn` answers before the command even starts, another process holds its port and the answer
 * says nothing of the app: `ready` then waits for the app to exit (as it does, its port taken) and
 * rejects either way. The handle comes back at once, so an interrupt can still stop the app.
 */
export function startApp(command: string, waitOn: string | undefined, timeoutMs: number, cwd: string, env?: Record<string, string>): StartedApp {
  const log = new OutputTail()
  let child: ChildProcess | undefined
  let stopping = false
  let exited: string | undefined
  const exitedItself = new AbortController()
  const exit = new Promise<void>((resolve) => exitedItself.signal.addEventListener('abort', () => resolve()))
  /** Until the app exits by itself, or `ms` pass: no timer left behind to hold the process open. */
  const exitWithin = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      void exit.then(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  let outputEnded: () => void = () => {}
  const outputClosed = new Promise<void>((resolve) => (outputEnded = resolve))
  /**
   * The app exits ('exit') a moment before the output it wrote as it died is read ('close'): that
   * output is its error, the part that matters. Bounded: a process it left behind may hold the pipes.
   */
  const outputRead = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000)
      void outputClosed.then(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  const stop = async () => {
    stopping = true
    if (child) await stopProcess(child)
  }
  const described = (when: string, cutOff?: string) =>
    `--start ${JSON.stringify(command)} ${exited} ${when}.${cutOff ? `\n${cutOff}\n` : ' '}Its output${log.truncated() ? ` (last ${OutputTail.LINES} lines)` : ''}:\n${log.text() || '(none)'}`
  /** The app said its port was taken (it exited on it). */
  const portTaken = () => /EADDRINUSE|address already in use/i.test(log.text())

  return {
    stop,
    output: () => log.text(),
    exited: () => (exitedItself.signal.aborted ? exited : undefined),
    async exitedWithin(ms) {
      await exitWithin(ms)
      if (!exitedItself.signal.aborted) return undefined
      await outputRead()
      return exited
    },
    ready: start(),
    async whileRunning(work, underWay) {
      const result = await work(exitedItself.signal)
      await exitWithin(EXIT_GRACE_MS)
      if (!exitedItself.signal.aborted) return result
      await outputRead()
      const taken = portTaken()
      throw new AppStoppedRun(taken ? 'PortInUse' : 'AppExited', `${described('during the run, which stopped there', underWay?.())}${taken ? '\nIts port is taken: is a server left running there?' : ''}`)
    },
  }

  async function start(): Promise<void> {
    const taken = waitOn !== undefined && (await answers(waitOn))
    if (stopping) return
    child = spawn(command, { shell: true, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) })
    child.stdout!.on('data', (chunk: Buffer) => log.add(chunk))
    child.stderr!.on('data', (chunk: Buffer) => log.add(chunk))
    const ended = (reason: string) => {
      exited ??= reason
      // Stopped by us, the app's exit is the run's end, not a failure of it.
      if (!stopping) exitedItself.abort()
    }
    // 'exit', not 'close': no call should start once the app is gone, and 'close' waits for its
    // output to be read, a moment later (each message that quotes the output waits for it: outputRead).
    child.on('exit', (code, signal) => ended(`exited with ${signal ? `signal ${signal}` : `code ${code}`}`))
    child.on('close', () => outputEnded())
    child.on('error', (error) => {
      ended(`could not start: ${error.message}`)
      outputEnded()
    })
    if (waitOn) await (taken ? failWhenItExits(waitOn) : waitUntilAnswers(waitOn))
  }

  async function waitUntilAnswers(url: string): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (exited) {
        await outputRead()
        await stop()
        throw new AppStoppedRun(portTaken() ? 'PortInUse' : 'AppExited', described(`before ${url} answered`))
      }
      const answer = await poll(url)
      if (answer === 'answered') return
      if (Date.now() > deadline) {
        await stop()
        throw new AppStoppedRun('NotReady', `${url} did not answer within ${timeoutMs / 1000} s of --start ${JSON.stringify(command)}${notReadyHint(url, answer)} Its output:\n${log.text() || '(none)'}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** `url` answered before the app started: whatever the app does, the calls would not reach it alone. */
  async function failWhenItExits(url: string): Promise<never> {
    const someoneElse = `${url} answered before it started: another process holds that port`
    await exitWithin(timeoutMs)
    if (exited) await outputRead()
    await stop()
    if (exited) throw new AppStoppedRun('PortInUse', `${described('before the run')}\n${someoneElse}. Is a server left running there?`)
    throw new AppStoppedRun('PortInUse', `--start ${JSON.stringify(command)} still runs after ${timeoutMs / 1000} s, but ${someoneElse}: callspec cannot tell which of the two its calls would reach. Stop that process, or leave out --start to test it. Its output:\n${log.text() || '(none)'}`)
  }
}

async function answers(url: string): Promise<boolean> {
  return (await poll(url)) === 'answered'
}

/** One poll of `url`: it answered (any status), nothing listened there (refused), or no answer came. */
async function poll(url: string): Promise<'answered' | 'refused' | 'silent'> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await response.body?.cancel()
    return 'answered'
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' ? 'refused' : 'silent'
  }
}

/**
 * Why --wait-on did not answer, by its last poll. Refused: nothing listens at that address, most
 * often an app on another port than the URL names, where "raise --wait-timeout" alone sent the
 * reader the wrong way (audit-81); a slow start looks the same, so both are said. Otherwise
 * something took the connection and did not answer in time.
 */
function notReadyHint(url: string, last: 'refused' | 'silent'): string {
  if (last === 'silent') return ' (raise --wait-timeout?).'
  const { hostname, port, protocol } = new URL(url)
  const where = `${hostname}:${port || (protocol === 'https:' ? 443 : 80)}`
  return `: nothing listened at ${where} (connection refused). Is that the port and URL the app listens on? (Its output may say.) If the app only starts slowly, raise --wait-timeout.`
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

/**
 * `--start` without `--wait-on` runs the calls as soon as the command starts, before a server
 * had time to listen: every call then fails with the transport's "is the app running?". The
 * hint names the option that waits, instead of leaving the reader to suspect the app.
 */
export function waitOnHint(failures: ReadonlyArray<string | undefined>): string | undefined {
  if (!failures.some((message) => message?.includes(': is the app running?'))) return undefined
  return 'Hint: with --start and no --wait-on, the calls began as soon as the command started, maybe before the app listened. Pass --wait-on <url> (a URL the app answers once it is up, such as http://127.0.0.1:8000/health) to wait for it.'
}
