import { ChildProcess } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'
import type { Socket } from 'node:net'
import { Worker as WorkerClass, type Worker } from 'node:worker_threads'
import { activeHandles, ioNote, pipeAnswered, REPLY_PATIENCE_MS } from './app-io.js'
import { realNow } from './real-timers.js'
import { currentFakeClock } from './fake-timers-install.js'
import { replaceMethod } from './replace-method.js'

/**
 * The app's child processes and worker threads: real work on real time, as a query to another
 * process is. Measured (audit-93): a handler that ran `execFile('sleep', ['0.3'])` (or a 300 ms
 * worker) raced against a 1.5 s guard answered with the guard's fallback at virtual 1.7 s, every
 * run: Node lists a child as a ProcessWrap and its stdio as PipeWraps, and a worker nowhere, none
 * of them requests in flight. Two ways hold time:
 * - one made during the call is at work until it is done (a child until it closes, a worker until
 *   its first message): it was made for the call. Known from its creation on Node's diagnostics
 *   channels (`child_process`, `worker_threads`), in the order it was made, so a call counts only
 *   those made since it began (offspringMark);
 * - one the app asked something, whenever it was made (a helper started at load, a worker pool's
 *   thread): a message posted to a worker (`worker.postMessage`), or sent to a child over IPC
 *   (`child.send`), with no message back since. Measured (audit-113 F7, and a probe of this
 *   round's): a worker or a `fork()`ed child started at load, answering in 50 ms, lost to a 1.5 s
 *   guard in most calls; a child's stdin written to is followed in app-io.ts (pipeAnswered, from
 *   what its stdout and stderr read).
 * Either stops holding time after REPLY_PATIENCE_MS of real time without a break, with a note: a
 * helper the app keeps running, or one it only tells things (a log shipper), costs a call 2 s once.
 */
interface Offspring {
  /** Its place in creation order (offspringMark); 0 for one callspec first saw when the app asked it something. */
  readonly seq: number
  /** What it is, for a note: `the app's child process \`sleep 30\``. */
  readonly name: () => string
  /** A child or worker made for a call is still at work on it (see watchChild, watchWorker). */
  readonly working: () => boolean
  /** The app unref()'d it: a background helper it does not wait on, at work or asked (Node's own reading of unref). */
  readonly detached: () => boolean
  /** Real ms it was made: the patience of its first work runs from there. */
  readonly madeAt: number
  /** Its first work outlasted the patience: only what the app asks it counts from now on. */
  pastWork?: true
  /** Messages the app sent it with no message back since, and since when (real ms). */
  awaiting: number
  awaitingSince: number
  /** Left unanswered past the patience: it holds no time until it sends a message. */
  stale?: true
  /** It has sent a message back at some time: one that answers (see offspringMark). */
  answeredEver?: true
  /** The call (offspringMark's count) in which the transcript last said it keeps the machine's clock (noteOwnClock). */
  clockNotedIn?: number
}

const offspring = new Map<object, Offspring>()
/**
 * Workers the app unref()'d (Worker has no hasRef() to ask). Measured (audit-114 F7): Sentry,
 * initialised on the app's first request, starts a worker it unrefs, posts to it, and has no reply:
 * the call waited the whole patience for it, 2 s, with a note.
 */
const unrefWorkers = new WeakSet<Worker>()
let offspringSeq = 0
let watching = false
/** Calls begun (offspringMark): what noteOwnClock counts once per call by. */
let calls = 0

/**
 * Where a call's count of the app's children and workers starts: those made later are its own
 * (offspringBusy), and those an earlier call stopped waiting for are awaited afresh. Starts watching, once per process: Node's diagnostics channels for those made
 * from now on, the children already running (a helper started at load), and what the app posts to
 * workers (Worker.prototype.postMessage: a worker made before is met on its first post).
 */
export function offspringMark(): number {
  calls++
  if (!watching) {
    watching = true
    subscribe('child_process', (message) => {
      const child = (message as { process?: ChildProcess }).process
      if (child && typeof child.once === 'function') watchChild(child, true)
    })
    subscribe('worker_threads', (message) => {
      const worker = (message as { worker?: Worker }).worker
      if (worker && typeof worker.once === 'function' && !isInternal(worker)) watchWorker(worker, true)
    })
    for (const handle of activeHandles?.() ?? []) if (handle instanceof ChildProcess && !offspring.has(handle)) watchChild(handle, false)
    const workers = WorkerClass.prototype as unknown as Record<string, unknown>
    // A worker the app unref()s is a background helper it does not wait on, as a child it unref()s.
    for (const [method, held] of [['ref', true], ['unref', false]] as const) {
      replaceMethod(workers, method, (original) =>
        function refNoted(this: unknown, ...args: unknown[]) {
          if (held) unrefWorkers.delete(this as Worker)
          else unrefWorkers.add(this as Worker)
          return Reflect.apply(original, this, args)
        },
      )
    }
    replaceMethod(workers, 'postMessage', (post) =>
      function postMessageNoted(this: unknown, ...args: unknown[]) {
        const worker = this as Worker
        const entry = offspring.get(worker) ?? (isInternal(worker) ? undefined : watchWorker(worker, false))
        if (entry) asked(entry)
        return Reflect.apply(post, this, args)
      },
    )
  }
  // A child or worker an earlier call gave up on, which has answered before (a message it left
  // unanswered: a log line, a fire-and-forget job), is awaited again for what this call asks it:
  // kept stale, a later test's 300 ms answer from it lost to a 1 s guard, and passed alone
  // (audit-117). One that never answered (a helper the app only tells things) stays given up.
  for (const entry of offspring.values()) {
    if (!entry.stale || !entry.answeredEver) continue
    entry.stale = undefined
    entry.awaiting = 0
  }
  return offspringSeq
}

/** The app sent it something: held until a message back. */
function asked(record: Offspring): void {
  if (record.awaiting++ === 0) record.awaitingSince = realNow()
}

/** A message back answers all it was sent (one reply to many requests is common). */
function answered(record: Offspring): void {
  record.awaiting = 0
  record.stale = undefined
  record.answeredEver = true
}

function record(seq: number, name: () => string, working: () => boolean, detached: () => boolean): Offspring {
  return { seq, name, working, detached, madeAt: realNow(), awaiting: 0, awaitingSince: 0 }
}

/**
 * A child made for a call is at work from its creation until its 'close' (it exited and its stdio
 * is drained: what `execFile`'s callback waits for), unless the app unref'd it (a detached helper
 * it does not wait on). Any child's IPC (`child.send`) and stdin are followed, once its stdio and
 * channel exist (a microtask after its creation is published). No listener is added: an 'error'
 * one would keep a spawn error from reaching the app, a 'message' one keeps the IPC channel ref'd.
 */
function watchChild(child: ChildProcess, madeNow: boolean): void {
  const entry = record(
    madeNow ? ++offspringSeq : 0,
    () => `the app's child process \`${commandOf(child)}\``,
    () => madeNow,
    () => (child as unknown as { _handle?: { hasRef?: () => boolean } | null })._handle?.hasRef?.() === false,
  )
  offspring.set(child, entry)
  // Node emits a message only to a child with 'message' listeners: the app's own.
  observeEvents(child, { message: () => answered(entry), close: () => offspring.delete(child) })
  const follow = () => {
    followIpc(child, entry)
    if (child.stdin) for (const out of [child.stdout, child.stderr]) if (out) pipeAnswered(out as Socket, child.stdin as Socket, () => `${entry.name()}, on its stdin,`)
  }
  if (madeNow) queueMicrotask(follow)
  else follow()
}

/** `child.send` (set on each child with an IPC channel, not on a prototype) counts; its 'message' events answer (watchChild). */
function followIpc(child: ChildProcess, entry: Offspring): void {
  if (typeof child.send !== 'function') return
  replaceMethod(child as unknown as Record<string, unknown>, 'send', (send) =>
    function sendNoted(this: unknown, ...args: unknown[]) {
      asked(entry)
      return Reflect.apply(send, this, args)
    },
  )
}

/**
 * Runs `handlers` as `target` emits their events, read off its own emit rather than through
 * listeners: a 'message' listener refs a worker's port (Node's setupPortReferencing) and a child's
 * IPC channel, and one the app had left without listeners, or unref'd, then kept the process from
 * exiting (measured on Node 24: a module.register() hooks worker).
 */
function observeEvents(target: object, handlers: Partial<Record<string, () => void>>): void {
  replaceMethod(target as Record<string, unknown>, 'emit', (emit) =>
    function emitNoted(this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'string') handlers[args[0]]?.()
      return Reflect.apply(emit, this, args)
    },
  )
}

/**
 * A worker made for a call is at work from its creation until its first message (its result, for
 * a worker made to do one job: whatever it awaited meanwhile, I/O or CPU), or its exit, unless the
 * app unref()s it. Whether its
 * event loop is busy could be read too (`worker.performance.eventLoopUtilization()`), but not
 * cheaply (~11 µs a look, measured) nor in time: a task just posted has often not started at the
 * next look. Work handed over through a port of the app's own (a MessageChannel, as worker pools
 * do) is not followed: only the turns a wait with a posted message takes (posted-messages.ts).
 */
function watchWorker(worker: Worker, madeNow: boolean): Offspring {
  let replied = false
  const entry = record(madeNow ? ++offspringSeq : 0, () => `the app's worker thread ${worker.threadId}`, () => madeNow && !replied, () => unrefWorkers.has(worker))
  offspring.set(worker, entry)
  observeEvents(worker, {
    message: () => {
      replied = true
      answered(entry)
      noteOwnClock(entry)
    },
    exit: () => offspring.delete(worker),
  })
  return entry
}

/**
 * A worker the app heard from during a call runs on the machine's clock, not the call's: its `Date`
 * reads the real date (startAt does not reach it) and its timers take real time. Said once a call in
 * the transcript, where a verdict may hang on it (helper-136 finding 4: a rules worker deciding
 * business hours said "closed" on a Monday 10:00 startAt, on the day the suite ran).
 */
function noteOwnClock(entry: Offspring): void {
  if (entry.clockNotedIn === calls || !currentFakeClock()) return
  entry.clockNotedIn = calls
  ioNote(`${entry.name()} sent the app a message: a worker thread keeps the machine's clock, not the call's (its Date reads the real date, startAt does not reach it, and its timers take real time)`)
}

/** Node's own workers (a module.register() hooks thread is an InternalWorker): not the app's. */
const isInternal = (worker: Worker) => worker.constructor?.name === 'InternalWorker'

/**
 * The app awaits real work in another process or thread: a child or worker made since `mark`
 * (offspringMark, at the call's start) still at work, or one it sent a message with none back
 * since. Past REPLY_PATIENCE_MS without a break either stops counting, with a note. Nothing is
 * looked at when no child or worker is alive (the usual case).
 */
export function offspringBusy(mark: number): boolean {
  if (offspring.size === 0) return false
  let busy = false
  let now: number | undefined
  for (const entry of offspring.values()) {
    if (entry.detached()) continue
    if (entry.seq > mark && !entry.pastWork && entry.working()) {
      now ??= realNow()
      if (now - entry.madeAt <= REPLY_PATIENCE_MS) {
        busy = true
        continue
      }
      entry.pastWork = true
      ioNote(`${entry.name()} has run for ${PATIENCE_S} s: callspec no longer waits for it (it holds no more of the call's time)`)
    }
    if (entry.awaiting === 0 || entry.stale) continue
    now ??= realNow()
    if (now - entry.awaitingSince <= REPLY_PATIENCE_MS) {
      busy = true
      continue
    }
    entry.stale = true
    ioNote(`${entry.name()} has sent no message back for ${PATIENCE_S} s: callspec no longer waits for it (it holds no more of the call's time) until it sends one`)
  }
  return busy
}

const PATIENCE_S = REPLY_PATIENCE_MS / 1000

/**
 * The app's children and workers callspec stopped waiting for (offspringBusy) that are still at
 * work, or still owe a reply, one line each, for a webhook's failed wait: the answer may wait on
 * one. Measured: an answer that waited on a 6 s `execFile('sleep', ['6'])` failed at the 6 s wait
 * with "nothing of the app's was pending … does a branch of the handler return without answering?",
 * the child still running.
 */
/**
 * Whether any child or worker offspringStillAtWork would list is there: one callspec stopped
 * waiting for and still at work, which the app may be awaiting as it would a request past the
 * same patience (InProcessAppClock's lingering I/O). Without building its lines: asked every turn.
 */
export function offspringLingering(mark: number): boolean {
  for (const entry of offspring.values()) {
    if (entry.detached()) continue
    if ((entry.seq > mark && entry.pastWork && entry.working()) || (entry.stale && entry.awaiting > 0)) return true
  }
  return false
}

export function offspringStillAtWork(mark: number): string[] {
  const lines: string[] = []
  const now = realNow()
  for (const entry of offspring.values()) {
    if (entry.detached()) continue
    if (entry.seq > mark && entry.pastWork && entry.working()) lines.push(`${entry.name()}: at work for ${seconds(now - entry.madeAt)} s of real time (callspec stopped waiting for it after ${PATIENCE_S} s)`)
    else if (entry.stale && entry.awaiting > 0) lines.push(`${entry.name()}: no message back for ${seconds(now - entry.awaitingSince)} s of real time (callspec stopped waiting for it after ${PATIENCE_S} s)`)
  }
  return lines
}

const seconds = (ms: number) => (ms / 1000).toFixed(1)

/** `sleep 0.3`, shortened for a note. */
function commandOf(child: ChildProcess): string {
  const command = (child.spawnargs.length > 0 ? child.spawnargs : [child.spawnfile]).join(' ')
  return command.length > 60 ? `${command.slice(0, 57)}…` : command
}
