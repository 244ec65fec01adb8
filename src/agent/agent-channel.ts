import { randomBytes } from 'node:crypto'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { realTimers } from '../clock/real-timers.js'
import { CallspecError } from '../errors/callspec-error.js'
import { markUnresponsive } from '../errors/app-unresponsive.js'
import { PROTOCOL, lineReader, type Hello, type Op, type Reply } from './protocol.js'

/** The app process on the other end, as its hello described it. */
export interface AgentPeer {
  pid: number
  node: string
  hosts: string[]
}

interface Pending {
  /** The request's op, named when the app goes away before answering it. */
  op: Op['op']
  resolve(value: unknown): void
  reject(error: Error): void
}

/**
 * What a request meets when the app's process is gone: the same words whether the loss came before
 * the request was sent or while it was pending. Measured (CI, round 57): a test that killed the app
 * then called next() got either wording, depending on whether the socket's close was seen first.
 */
export function goneDuring(op: Op['op'], loss: string): string {
  return `[callspec] the app under callspec/agent is gone during ${op}(): ${loss}.`
}

/**
 * callspec's end of the channel: a loopback TCP server the app's agent connects to. One app process
 * at a time (the newest connection wins, so an app restarted by hand takes over). Every wait is
 * bounded by the caller, in real time even under the test's `vi.useFakeTimers()`; a dropped
 * connection fails what was pending at once.
 */
export class AgentChannel {
  readonly token = randomBytes(16).toString('hex')
  #server: Server | undefined
  #socket: Socket | undefined
  #peer: AgentPeer | undefined
  #nextId = 1
  readonly #pending = new Map<number, Pending>()
  readonly #connectWaiters = new Set<() => void>()
  /** Why the last connection ended, for the next failure message. */
  #lastLoss: string | undefined

  async listen(port = 0): Promise<string> {
    const server = createServer((socket) => this.#accept(socket))
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    // The channel must not keep a test process alive on its own.
    server.unref()
    return `127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  get peer(): AgentPeer | undefined {
    return this.#peer
  }

  get lastLoss(): string | undefined {
    return this.#lastLoss
  }

  /** Resolves with the app's process once it has connected; rejects after `timeoutMs`. */
  async connected(timeoutMs: number, explain: () => string): Promise<AgentPeer> {
    if (this.#peer) return this.#peer
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        realTimers.clearTimeout(timer)
        this.#connectWaiters.delete(done)
        resolve()
      }
      const timer = realTimers.setTimeout(() => {
        this.#connectWaiters.delete(done)
        reject(new CallspecError(explain()))
      }, timeoutMs)
      this.#connectWaiters.add(done)
    })
    return this.#peer!
  }

  /** One request to the app's agent, answered within `timeoutMs` or failed with `onTimeout()`. */
  request(op: Op, timeoutMs: number, onTimeout: () => string): Promise<unknown> {
    const socket = this.#socket
    if (!socket || !this.#peer) return Promise.reject(new CallspecError(`[callspec] no app is connected to callspec/agent (${op.op}).`))
    const id = this.#nextId++
    return new Promise<unknown>((resolve, reject) => {
      const timer = realTimers.setTimeout(() => {
        this.#pending.delete(id)
        reject(markUnresponsive(new CallspecError(onTimeout())))
      }, timeoutMs)
      this.#pending.set(id, {
        op: op.op,
        resolve: (value) => {
          realTimers.clearTimeout(timer)
          resolve(value)
        },
        reject: (error) => {
          realTimers.clearTimeout(timer)
          reject(error)
        },
      })
      socket.write(`${JSON.stringify({ id, ...op })}\n`)
    })
  }

  async close(): Promise<void> {
    this.#drop('callspec closed the agent channel', false)
    const server = this.#server
    this.#server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  #accept(socket: Socket): void {
    socket.setNoDelay(true)
    let hello: AgentPeer | undefined
    socket.on(
      'data',
      lineReader((message) => {
        if (!hello) {
          const said = (message as Partial<Hello>).hello
          if (!said || said.token !== this.token) return void socket.destroy()
          if (said.protocol !== PROTOCOL) {
            this.#lastLoss = `the app process (pid ${said.pid}) runs another version of callspec/agent (protocol ${said.protocol}, this callspec speaks ${PROTOCOL}): install the same callspec version for the app and the tests`
            return void socket.destroy()
          }
          hello = { pid: said.pid, node: said.node, hosts: said.hosts }
          // The newest app process takes over (an app restarted by hand).
          if (this.#socket) this.#drop(replaced(this.#peer?.pid, hello.pid))
          this.#socket = socket
          this.#peer = hello
          for (const waiter of [...this.#connectWaiters]) waiter()
          return
        }
        const reply = message as Reply
        const pending = this.#pending.get(reply.id)
        if (!pending) return
        this.#pending.delete(reply.id)
        if (reply.ok) pending.resolve(reply.result)
        else pending.reject(new CallspecError(`[callspec] the app's callspec/agent failed: ${reply.error}`))
      }),
    )
    socket.on('error', () => {
      // 'close' follows.
    })
    socket.on('close', () => {
      if (this.#socket === socket) this.#drop(`the app process (pid ${hello?.pid}) closed the channel: it exited or crashed (see its output)`)
    })
  }

  /** `appGone` is false when callspec itself closed the channel: a pending request then says so plainly. */
  #drop(reason: string, appGone = true): void {
    const socket = this.#socket
    this.#socket = undefined
    this.#peer = undefined
    if (!socket) return
    this.#lastLoss = reason
    socket.destroy()
    for (const pending of this.#pending.values()) pending.reject(new CallspecError(appGone ? goneDuring(pending.op, reason) : `[callspec] ${reason} during ${pending.op}().`))
    this.#pending.clear()
  }
}

/**
 * Why the channel went to another process. A restart leaves the old one gone; one still running
 * is a second process of the same app (cluster workers, forked children: they inherit `--import
 * callspec/agent` through execArgv), and each new one took the channel from the last, failing every
 * call with what read as a restart (helper-135).
 */
function replaced(old: number | undefined, pid: number): string {
  if (old === undefined || !alive(old)) return `the app process (pid ${old}) was replaced by pid ${pid}`
  return (
    `another process of the app (pid ${pid}) connected to callspec/agent while pid ${old} still runs: the app runs in several processes ` +
    "(cluster workers or forked children inherit --import callspec/agent), and each took the agent's channel from the last. " +
    'Run the app in one process under the agent (no cluster, one worker)'
  )
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
