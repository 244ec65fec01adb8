import type { Dispatcher } from 'undici'
import type { WireRequest } from '../session/types.js'
import { exchange, type ExchangeBounds } from './exchange.js'
import type { Exchange, OutgoingRequest, Transport } from './types.js'

/** The exchange bounds, and the call's webhook path (the flow's webhookPath or the platform's default). */
export interface SenderOptions extends ExchangeBounds {
  webhookPath?: string
}

/** How a transport reaches the app: a dispatcher, the origin the transcript shows, and what to do when it fails or ends. */
export interface Route {
  dispatcher: Pick<Dispatcher, 'dispatch'>
  /** The origin printed in transcripts and messages (a stable name for in-memory apps, never a port). */
  origin: string
  /** The path of the base URL, joined to every webhook path. */
  basePath: string
  /** A chance to say more about a network failure (e.g. whether anything still listens). */
  explain?(error: Error): Promise<Error>
  /** Called with each complete answer (no extra promise on the turn's path). */
  answered?(): void
  close(): Promise<void>
}

/**
 * Sends webhooks over a route, every exchange bounded (one deadline, one size cap). Shared by
 * the in-memory and the TCP transports, so both fail with the same words.
 */
export function webhookSender(route: Route, bounds: SenderOptions): Transport {
  const { origin, basePath, dispatcher } = route
  /** A webhook path with its leading slash. */
  const asPath = (target: string) => (target.charCodeAt(0) === 47 /* / */ ? target : `/${target}`)
  /** The app's root when the base URL ends in `path` (the app given by that webhook's URL); else undefined. */
  const rootBefore = (path: string) => (basePath.endsWith(path) ? basePath.slice(0, basePath.length - path.length) : undefined)
  // Found up front from the call's webhook path, not at its first webhook: 8x8 sends a call status
  // (VCS) before the first VCA, and an outbound session may send no VCA at all; found late, that
  // status went to /8x8/vca/8x8/vcs and the next ones to /8x8/vcs, in one call (helper-190).
  const main = bounds.webhookPath
  /**
   * The app's root, once a webhook path was found at the end of the base URL (the app given by its
   * webhook URL, `http://host/8x8/vca`): the platform's other webhook paths go beside it, under that
   * root. Joined to the whole base URL, 8x8's session summary went to /8x8/vca/8x8/vss, a 404 on
   * every call (audit h186: a scenario file the explorer wrote with that target).
   */
  let root = main !== undefined && main !== '' && main !== '/' && !/^https?:\/\//i.test(main) ? rootBefore(asPath(main)) : undefined
  const pathOf = (target: string) => {
    if (/^https?:\/\//i.test(target)) {
      // An absolute callback URL names the app's public host; the app under test is reached here.
      const url = new URL(target)
      return url.pathname + url.search
    }
    // No webhook path of its own: the base URL is the webhook URL.
    if (target === '' || target === '/') return basePath || '/'
    const path = asPath(target)
    // A base URL that already ends in the webhook path is the webhook URL: do not double it.
    const before = rootBefore(path)
    if (before !== undefined) {
      root ??= before
      return basePath
    }
    return (root ?? basePath) + path
  }
  return {
    baseUrl: origin + basePath,
    urlOf: (target) => origin + pathOf(target),
    async send(req: OutgoingRequest): Promise<Exchange> {
      const path = pathOf(req.target)
      const headers = lowerWithAgent(req.headers)
      const request: WireRequest = { method: req.method, url: origin + path, headers, body: req.body }
      try {
        const response = await exchange(dispatcher, { method: req.method, path, headers, body: req.body }, request, bounds, req.signal)
        route.answered?.()
        return { request, response }
      } catch (error) {
        throw route.explain ? await route.explain(error as Error) : error
      }
    },
    close: () => route.close(),
  }
}

/** Lower-cased header names, and callspec's user agent unless the caller set one. */
function lowerWithAgent(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { 'user-agent': 'callspec' }
  if (headers) for (const key in headers) out[key.toLowerCase()] = headers[key]!
  return out
}
