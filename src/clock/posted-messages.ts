import { createRequire } from 'node:module'
import { replaceMethod, type AnyFunction } from './replace-method.js'

/**
 * Messages the process has posted over a MessagePort (a MessageChannel's port, a Worker's,
 * `worker.postMessage`) or a BroadcastChannel, counted. Node delivers a message on a later turn of
 * the event loop, and lists no message in flight; a port the app unref'ed is not even listed as a
 * resource. An app that asks an in-process service over a port (a worker pool, a cache, a
 * "service" module made at load) and plays its reply was judged quiet with the question still on
 * its way: audit-113 measured an EnableX app's 30 s idle hang-up fired ahead of its balance prompt
 * (25 of 25 calls), a Webex Connect app's 1.5 s fallback winning over a port lookup, and a wrong
 * DELETE sent after a port hop passing unseen, once a wait could end with no turn of the event loop
 * (InProcessAppClock's at-rest path). A wait during which the app posted a message takes its turns
 * (the reply, answered in this process, lands in them), as every wait did before.
 */
let posted = 0

/** How many messages the process has posted so far (once watched: see watchPostedMessages). */
export const messagesPosted = (): number => posted

let watching = false

/** Replaces `postMessage` on MessagePort's and BroadcastChannel's prototypes with counting ones: once per process. */
export function watchPostedMessages(): void {
  if (watching) return
  watching = true
  const threads = createRequire(import.meta.url)('node:worker_threads') as Record<string, { prototype?: Record<string, unknown> } | undefined>
  // A Worker posts through its own MessagePort, a BroadcastChannel through a handle of its own.
  for (const owner of [threads.MessagePort?.prototype, threads.BroadcastChannel?.prototype]) if (owner) replaceMethod(owner, 'postMessage', counted)
}

/** `postMessage`, counting each message before it goes. */
function counted(original: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    posted++
    return Reflect.apply(original, this, args)
  }
}
