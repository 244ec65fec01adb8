import type { PlatformApi } from './types.js'

/**
 * An origin as the vendor-host lookups compare it: a host written fully qualified, with its
 * trailing dot (`https://api.enablex.io.`), is the same host, and DNS takes it as such; looked up
 * as written, it matched no vendor host, and a request of an intercepted call went to the network
 * with the app's credentials (audit h208: ENOTFOUND here). The tls.connect guard reads host names
 * the same way (vendor-guard.ts).
 */
export const sameHostOrigin = (origin: string): string => origin.replace(/\.(?=(:\d+)?$)/, '')

/** The vendor origins a call's fake API answers, looked up as sameHostOrigin reads them. */
export class VendorRoutes extends Map<string, PlatformApi> {
  override has(origin: string): boolean {
    return super.has(sameHostOrigin(origin))
  }

  override get(origin: string): PlatformApi | undefined {
    return super.get(sameHostOrigin(origin))
  }
}
