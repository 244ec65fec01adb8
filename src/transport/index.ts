import { CallspecUsageError } from '../errors/usage-error.js'
import { httpTransport } from './http-transport.js'
import { listen } from './listen.js'
import type { AppTarget, Transport } from './types.js'

export type { AppTarget, FetchApp, Transport, OutgoingRequest, Exchange } from './types.js'

/** The one switch between an app in this process and a server anywhere, reached by URL. */
export async function resolveTransport(target: AppTarget, timeoutMs: number): Promise<Transport> {
  if (typeof target === 'string' || target instanceof URL) return httpTransport(String(target), timeoutMs, undefined)
  const listening = await listen(target)
  return httpTransport(listening.origin, timeoutMs, listening.owned ? listening : undefined)
}

/** True when the target runs in this process (so the vendor host can be intercepted). */
export const isInProcess = (target: AppTarget): boolean => !(typeof target === 'string' || target instanceof URL)

/** Checks the target's kind up front, with a message that says what to pass instead. */
export function assertTarget(target: unknown): asserts target is AppTarget {
  const ok =
    typeof target === 'string' ||
    target instanceof URL ||
    typeof target === 'function' ||
    (typeof target === 'object' &&
      target !== null &&
      (typeof (target as { fetch?: unknown }).fetch === 'function' ||
        typeof (target as { listen?: unknown }).listen === 'function'))
  if (!ok) {
    const got = target === null ? 'null' : typeof target
    const hint =
      typeof target === 'number'
        ? ` Did you pass the port instead of \`http://127.0.0.1:${target}\`?`
        : ' Pass an Express/Koa request listener, an http.Server, an app with fetch(Request), or a base URL string.'
    throw new CallspecUsageError(`[callspec] callTo() needs an app or a base URL, got ${got}.${hint}`)
  }
  if (typeof target === 'string' && !/^https?:\/\//i.test(target)) {
    throw new CallspecUsageError(
      `[callspec] callTo() got the string ${JSON.stringify(target)}, which is not an http(s) URL. Pass a base URL such as 'http://127.0.0.1:3000'.`,
    )
  }
}
