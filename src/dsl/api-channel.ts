import { interceptVendorHosts, type Interception } from '../api/nock-intercept.js'
import type { PlatformApi } from '../api/types.js'
import type { AnyDriver } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { isInProcess } from '../transport/index.js'
import type { FlowConfig } from './flow-config.js'

interface Shared {
  api: PlatformApi
  refs: number
  interception?: Promise<Interception>
}

/** One fake API per driver for intercepted flows, so concurrent calls share one routing table. */
const shared = new Map<AnyDriver, Shared>()

/**
 * Picks where the app's REST requests to the vendor go for this flow, and how to let go of it.
 * Interception is reference-counted: the vendor hosts are patched only while a flow needs them.
 */
export async function acquireApi(
  config: FlowConfig,
  outbound: boolean,
): Promise<{ api: PlatformApi | undefined; release: () => Promise<void> }> {
  const { driver, options, target } = config
  const needsApi = outbound || driver.appDrivesCall === true
  const choice = options.api ?? (needsApi && isInProcess(target) ? 'intercept' : 'none')
  if (choice === 'none') {
    if (needsApi) {
      const why = outbound ? 'startedBy() needs' : `a ${driver.platform} app drives the call through`
      throw new CallspecUsageError(
        `[callspec] ${why} the fake ${driver.platform} API, but the app runs outside this process. ` +
          `Start one with \`const platform = await startPlatform('${driver.platform}')\`, configure the app with platform.url, ` +
          `and pass { api: platform } to callTo().`,
      )
    }
    return { api: undefined, release: async () => {} }
  }
  if (typeof choice === 'object') {
    if (choice.platform !== driver.platform) {
      throw new CallspecUsageError(
        `[callspec] the api option is a ${choice.platform} platform server, but this call is on ${driver.platform}.`,
      )
    }
    return { api: choice.api, release: async () => {} }
  }
  let entry = shared.get(driver)
  if (!entry) {
    entry = { api: driver.createApi(), refs: 0 }
    shared.set(driver, entry)
  }
  const held = entry
  held.refs++
  held.interception ??= interceptVendorHosts(driver.vendorOrigins, held.api)
  await held.interception
  return {
    api: held.api,
    release: async () => {
      if (--held.refs > 0) return
      const interception = held.interception
      held.interception = undefined
      ;(await interception)?.remove()
    },
  }
}
