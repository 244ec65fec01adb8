import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { CallspecError } from '../errors/callspec-error.js'
import { plainText } from '../report/plain-text.js'
import { lastOutputLine, OutputTail } from './output-tail.js'

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
  whileRunning<T>(work: (signal: AbortSignal) => Promise<T>, underWay?: () => string | undefined, allDone?: (result: T) => boolean): Promise<T>
  stop(): Promise<void>
  /** The last lines the app printed, for a failed call. */
  output(): string
  /** How the app exited by itself (`exited with code 4`), once seen; undefined while it runs or when the run stopped it. */
  exited(): string | undefined
  /**
   * Once stopped, after it answered --wait-on: what to say when --wait-on still answers, an app the
   * command put in the background (out of its process group) left running; undefined when nothing
   * answers, or when a message of the run said it already.
   */
  leftRunning(): Promise<string | undefined>
  /** Waits at most `ms` for the app to exit by itself: how it exited (as exited()), or undefined if it still runs. */
  exitedWithin(ms: number): Promise<string | undefined>
  /**
   * After a call found nothing listening at `address` (host:port) before the app was seen to answer:
   * waits at most `ms` until the app exits or something listens there, whichever comes first. How it
   * exited (as exited()), or undefined if it still runs.
   */
  exitedOrListening(address: string, ms: number): Promise<string | undefined>
}

/** How long after the calls an exit still counts as during them: a crash's exit arrives a moment after the failure it caused. */
export const EXIT_GRACE_MS = 100

/**
 * How long a call that found nothing listening, before the --start app was seen to answer, waits
 * to learn whether the app exited (it is then skipped) or still runs (it failed): an app that
 * crashes as it loads (Node, Python) takes well over EXIT_GRACE_MS to exit, and the same run was
 * reported either way (audit-86). The wait ends at once when the app exits or listens.
 */
export const START_SETTLE_MS = 3000

/** After SIGTERM, how long the app's process group has to end before SIGKILL. */
const STOP_GRACE_MS = 3000
/** After SIGKILL, how long to wait for the group to be gone: bounded, as a process stuck in the kernel outlives it. */
const KILL_WAIT_MS = 1000

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
  let stopped: Promise<void> | undefined
  /** --wait-on answered the app; a message said an app was left running there (backgroundNote). */
  let answered = false
  let told = false
  /** Once the app's whole process group is gone (or the bounded wait for it is over). Repeatable: the same stop. */
  const stop = () => {
    stopping = true
    stopped ??= (async () => {
      if (child?.pid !== undefined) {
        log.stopping()
        await stopGroup(child.pid)
        // The shell itself is reaped by this process, a moment after it ended: until then it is a
        // zombie, which stopGroup counts as ended. Bounded, as stopGroup is.
        if (child.exitCode === null && child.signalCode === null) await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, KILL_WAIT_MS).unref())])
      }
      process.removeListener('exit', killAtExit)
    })()
    return stopped
  }
  /**
   * The last resort, as callspec exits however it does (process.exit from a path that did not wait
   * for stop): SIGKILL to what is left of the group, which cannot be waited for there.
   */
  const killAtExit = () => {
    if (child?.pid !== undefined) signalGroup(child.pid, 'SIGKILL')
  }
  /** The app's output in a message, below its first line: the last lines, or that there were none. */
  const outputBlock = () => `Its output${log.truncated() ? ` (last ${OutputTail.LINES} lines)` : ''}:\n${log.text() || '(none)'}`
  /**
   * `--start "…" exited with code 3 during the run, which stopped there; its last output: "…".`,
   * then the calls it cut off, then its output. The first line says why, the app's own last word
   * included: it is the message of the JUnit report's error, all a CI summary shows (before, it
   * ended in "Its output:", the cause left out: audit-86).
   */
  const described = (when: string, cutOff?: string) => {
    const last = lastOutputLine(log.text())
    return `--start ${JSON.stringify(command)} ${exited} ${when}${last ? `; its last output: ${JSON.stringify(plainText(last))}` : ''}.${cutOff ? `\n${cutOff}` : ''}\n${outputBlock()}`
  }
  /** The app said its port was taken (it exited on it). */
  const portTaken = () => /EADDRINUSE|address already in use/i.test(log.text())

  return {
    stop,
    async leftRunning() {
      if (!answered || told || waitOn === undefined) return undefined
      await stop()
      if (!(await answers(waitOn))) return undefined
      return `${waitOn} still answers after callspec stopped --start ${JSON.stringify(command)}: ${stillRunning(waitOn)} Keep the app in the foreground in --start (no \`&\`, no \`--daemon\`, no \`setsid -f\`).`
    },
    output: () => log.text(),
    exited: () => (exitedItself.signal.aborted ? exited : undefined),
    async exitedWithin(ms) {
      await exitWithin(ms)
      if (!exitedItself.signal.aborted) return undefined
      await outputRead()
      return exited
    },
    async exitedOrListening(address, ms) {
      const done = new AbortController()
      await Promise.race([exitWithin(ms), untilListening(address, done.signal)])
      done.abort()
      if (!exitedItself.signal.aborted) return undefined
      await outputRead()
      return exited
    },
    ready: start(),
    async whileRunning(work, underWay, allDone) {
      const result = await work(exitedItself.signal)
      await exitWithin(EXIT_GRACE_MS)
      if (!exitedItself.signal.aborted) return result
      await outputRead()
      const taken = portTaken()
      // Code 0 while --wait-on still answers: the command returned, leaving the app it started in
      // the background (a daemon that forks once it listens). An app that ends by itself with 0
      // (done after the last call) no longer answers, and is told as before.
      let background: string | undefined
      if (exited === 'exited with code 0' && waitOn !== undefined) {
        await stop()
        background = await backgroundNote(waitOn, 0, true)
        told = background !== undefined
      }
      const cutOff = [underWay?.(), background].filter(Boolean).join('\n')
      // Every call finished: the app exited after the last one (one that ends itself once done, or
      // the shell around it). Said so, not "during the run, which stopped there", which read as a
      // crash cutting calls off while none was (QA-163 Q5); still a stop (exit 2): it must run until stopped.
      const when = background === undefined && allDone?.(result) ? 'after the last call, before the run ended (an app started with --start must run until callspec stops it)' : 'during the run, which stopped there'
      throw new AppStoppedRun(taken ? 'PortInUse' : 'AppExited', `${described(when, cutOff)}${taken ? '\nIts port is taken: is a server left running there?' : ''}`)
    },
  }

  async function start(): Promise<void> {
    const taken = waitOn !== undefined && (await answers(waitOn))
    if (stopping) return
    child = spawn(shellLine(command), { shell: true, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) })
    process.on('exit', killAtExit)
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
        // Code 0 before the app answered: the command put the app in the background and returned
        // (`setsid -f app`, `app &`, `gunicorn --daemon`). Before, only "exited before … answered"
        // was said, while the app was listening, left running, and the next run met PortInUse (QA-163 Q1).
        const background = exited === 'exited with code 0' ? await backgroundNote(url, START_ANSWER_MS) : undefined
        told = background?.includes('\n') === true
        throw new AppStoppedRun(portTaken() ? 'PortInUse' : 'AppExited', described(`before ${url} answered`, background))
      }
      // Each poll may take the rest of the wait: a health URL that answers in 1.5 s (one that asks
      // the database first) was cut off at 1 s every time and never counted as answering, and the
      // run stopped after --wait-timeout saying "raise --wait-timeout", which changed nothing (helper-186).
      const answer = await poll(url, Math.max(deadline - Date.now(), POLL_MS))
      if (answer === 'answered') {
        answered = true
        return
      }
      if (Date.now() > deadline) {
        await stop()
        throw new AppStoppedRun('NotReady', `${url} did not answer within ${timeoutMs / 1000} s of --start ${JSON.stringify(command)}${notReadyHint(url, answer)}\n${outputBlock()}`)
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
    throw new AppStoppedRun('PortInUse', `--start ${JSON.stringify(command)} still runs after ${timeoutMs / 1000} s, but ${someoneElse}: callspec cannot tell which of the two its calls would reach. Stop that process, or leave out --start to test it.\n${outputBlock()}`)
  }
}

/**
 * How long, after a --start command exited with code 0 before --wait-on answered, callspec keeps
 * asking --wait-on whether the app it put in the background answers: a daemon forked as the
 * command returns still has to bind its port (a Python app, ~100 ms here).
 */
const START_ANSWER_MS = 1000

/**
 * For a --start command that exited with code 0 (after callspec stopped what was left of its
 * process group): that --start must keep the app in the foreground and, when `url` still answers
 * within `ms` (an app that left the group, which stopping the group did not reach), that it runs
 * there, where callspec cannot stop it: its port is named so the user can find and stop it.
 * `onlyIfAnswers`: say nothing when nothing answers (an app that ended by itself).
 */
async function backgroundNote(url: string, ms: number, onlyIfAnswers = false): Promise<string | undefined> {
  let answered = await answers(url)
  for (const until = Date.now() + ms; !answered && Date.now() < until; answered = await answers(url)) await new Promise((r) => setTimeout(r, 100))
  if (!answered && onlyIfAnswers) return undefined
  const foreground = '--start must run the app in the foreground (no `&`, no `--daemon`, no `setsid -f`, no `-d`): callspec waits for --wait-on while the command runs, and stops the command when the run ends.'
  if (!answered) return foreground
  return `${foreground}\nAn app still answers at ${url}, ${stillRunning(url)}`
}

/** Of an app left answering at `url` once callspec stopped the --start command's process group. */
function stillRunning(url: string): string {
  const port = portOf(url)
  return `left running in the background: callspec did not start it (it left the --start command's process group) and cannot stop it. Stop it yourself before the next run (it holds port ${port}: \`lsof -i :${port}\` finds it).`
}

/** The port `url` names, or its scheme's. */
function portOf(url: string): string {
  const { port, protocol } = new URL(url)
  return port || (protocol === 'https:' ? '443' : '80')
}

async function answers(url: string): Promise<boolean> {
  return (await poll(url)) === 'answered'
}

/** How long one poll of a URL waits for its answer, where no deadline gives it longer (a check whether something answers there). */
const POLL_MS = 1000

/** One poll of `url`, waiting `ms` at most: it answered (any status), nothing listened there (refused), or no answer came. */
async function poll(url: string, ms = POLL_MS): Promise<'answered' | 'refused' | 'silent'> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ms) })
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
  // Its last poll waited for the rest of --wait-timeout: something took the connection and never answered.
  if (last === 'silent') return `: something took the connection but sent no answer in that time. Is the app stuck there, or does that URL take longer to answer? Then raise --wait-timeout.`
  const { hostname, port, protocol } = new URL(url)
  const where = `${hostname}:${port || (protocol === 'https:' ? 443 : 80)}`
  return `: nothing listened at ${where} (connection refused). Is that the port and URL the app listens on? (Its output may say.) If the app only starts slowly, raise --wait-timeout.`
}

/**
 * The command as the shell runs it. The shell traps SIGTERM (to exit once its command ends, so a
 * `;` list goes no further): sent to the group, SIGTERM then leaves the shell waiting on the app,
 * its child, which it reaps as it ends. Else the shell died at once, the app was orphaned, and
 * once killed stayed a zombie wherever PID 1 reaps none (a container): its group never emptied.
 * A trap with a handler is not inherited: the app gets SIGTERM as usual (`exec app` too).
 */
function shellLine(command: string): string {
  return process.platform === 'win32' ? command : `trap 'exit 143' TERM; ${command}`
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (error) {
    // EPERM: a member runs as another user (setuid), and is there.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The processes of group `pgid` by /proc (Linux), each with whether it is a zombie (ended, not
 * yet reaped: signals reach it, and it is no longer running); undefined where there is no /proc.
 */
function groupMembers(pgid: number): Array<{ pid: number; zombie: boolean }> | undefined {
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return undefined
  }
  const members: Array<{ pid: number; zombie: boolean }> = []
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read from the last ")".
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(pgrp) === pgid) members.push({ pid: Number(name), zombie: state === 'Z' })
    } catch {
      // gone meanwhile
    }
  }
  return members
}

/** Whether nothing of group `pgid` runs any more: it is gone, or (by /proc) only zombies are left of it. */
function groupEnded(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return true
  const members = groupMembers(pgid)
  return members !== undefined && members.every((m) => m.zombie)
}

/** Polls until group `pgid` has ended (groupEnded), for at most `ms`: whether it did. */
async function groupEndsWithin(pgid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; ; await new Promise((resolve) => setTimeout(resolve, 25))) {
    if (groupEnded(pgid)) return true
    if (Date.now() >= until) return false
  }
}

/**
 * Stops the app's process group, and returns once all of it is gone: SIGTERM, then after
 * STOP_GRACE_MS SIGKILL, to the app's processes first (the shell, still there, reaps the app, see
 * shellLine), then to the whole group. Before, it returned once the shell exited, which SIGTERM
 * ended at once, and cancelled the SIGKILL: an app that traps SIGTERM was left running, its port
 * held (audit-86). Bounded: a process that outlives SIGKILL (stuck in the kernel) is left to it.
 */
async function stopGroup(pgid: number): Promise<void> {
  if (groupEnded(pgid)) return
  signalGroup(pgid, 'SIGTERM')
  if (await groupEndsWithin(pgid, STOP_GRACE_MS)) return
  const members = groupMembers(pgid)?.filter((m) => m.pid !== pgid && !m.zombie)
  if (members?.length) {
    for (const { pid } of members) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }
    if (await groupEndsWithin(pgid, 200)) return
  }
  signalGroup(pgid, 'SIGKILL')
  await groupEndsWithin(pgid, KILL_WAIT_MS)
}

/** Resolves once a TCP connection to `address` (host:port, [v6]:port) succeeds, polling; never, once `signal` aborts. */
async function untilListening(address: string, signal: AbortSignal): Promise<void> {
  const colon = address.lastIndexOf(':')
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '')
  const port = Number(address.slice(colon + 1))
  if (colon < 0 || !Number.isInteger(port)) return new Promise(() => {})
  while (!signal.aborted) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return new Promise(() => {})
}
