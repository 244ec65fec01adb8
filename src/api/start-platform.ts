import type { AnyDriver } from '../driver/types.js'
import type { PlatformServer } from '../dsl/flow-config.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { serveLoopback, type LoopbackOptions } from './loopback-server.js'

/** Binds `startPlatform(platform, { port })` to the registry of drivers. */
export function createStartPlatform<R extends Record<string, AnyDriver>>(registry: R) {
  /**
   * Serves a platform's fake REST API on 127.0.0.1, for apps that run outside the test process.
   * Configure the app's vendor base URL with `server.url`, and pass `{ api: server }` to callTo().
   * `maxBodyBytes` caps a request body (default 5 MB): a larger one is answered 413 unread.
   */
  return async function startPlatform(platform: keyof R & string, options: LoopbackOptions = {}): Promise<PlatformServer> {
    const driver = registry[platform]
    if (!driver) {
      throw new CallspecUsageError(`[callspec] startPlatform() knows ${Object.keys(registry).join(', ')}; got ${JSON.stringify(platform)}.`)
    }
    const api = driver.createApi()
    const served = await serveLoopback(api, options)
    return { platform, url: served.url, api, close: served.close }
  }
}
