import type { PlatformApi } from './types.js'

/**
 * A host as the vendor-host lookups compare it, written as a name, a `host:port` key or an origin:
 * a host written fully qualified, with its trailing dot (`https://api.enablex.io.`,
 * `api.voxolo.gy.:443`), is the same host, and DNS takes it as such; looked up as written, it
 * matched no vendor host, and a request went to the network with the app's credentials (audit
 * h208: ENOTFOUND here). The interceptor's routes (VendorRoutes) and the connection guard
 * (vendor-guard.ts) both read hosts through this one function.
 */
export const sameHost = (host: string): string => host.replace(/\.(?=(:\d+)?$)/, '')

/** The vendor origins a call's fake API answers, looked up as sameHost reads them. */
export class VendorRoutes extends Map<string, PlatformApi> {
  override has(origin: string): boolean {
    return super.has(sameHost(origin))
  }

  override get(origin: string): PlatformApi | undefined {
    return super.get(sameHost(origin))
  }
}
