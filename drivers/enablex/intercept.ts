/**
 * The core mounts a platform's fake API for in-process apps only on outbound flows
 * (`startedBy()`); an EnableX app needs the REST API on every call, inbound too. When a flow
 * gets no API from the core, the driver intercepts the vendor host itself, reference-counted
 * like the core's own mount. Routing is shared (EnableXApi's table is one per process), so this
 * mount and the core's agree on every call.
 */
import { interceptVendorHosts, type Interception } from '../../src/api/nock-intercept.js'
import { EnableXApi } from './rest-api.js'

export const ENABLEX_ORIGINS = ['https://api.enablex.io'] as const

let held: { refs: number; interception: Promise<Interception> } | undefined

export async function interceptEnableX(): Promise<() => void> {
  held ??= { refs: 0, interception: interceptVendorHosts(ENABLEX_ORIGINS, new EnableXApi()) }
  const mine = held
  mine.refs++
  const interception = await mine.interception
  let released = false
  return () => {
    if (released) return
    released = true
    if (--mine.refs > 0) return
    if (held === mine) held = undefined
    interception.remove()
  }
}
