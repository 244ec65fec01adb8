import { apiUrlEnvName } from '../api/api-url-env.js'
import { holdInterception } from '../api/interception.js'
import { holdVendorHosts, passVendorHosts } from '../api/vendor-guard.js'
import type { AppTraffic } from '../clock/in-process-app-clock.js'
import type { PlatformApi } from '../api/types.js'
import type { AnyDriver } from '../driver/types.js'
import { markApiMissing } from '../errors/api-missing.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { isInProcess } from '../transport/index.js'
import type { FlowConfig } from './flow-config.js'
import { phrasingOf, type CallspecCommand } from './phrasing.js'
import { runsInProcessClock } from './app-clock-choice.js'

/** One fake API per driver for the calls that answer its hosts in this process, so concurrent calls share one routing table. */
const shared = new Map<AnyDriver, PlatformApi>()

/** Where a call's app sends its REST requests to the vendor, and how the call lets go of it. */
export interface ApiChannel {
  /** The fake API the call registers in, if any. */
  api: PlatformApi | undefined
  /**
   * `api` answers only what reaches the vendor hosts' connections (the guard on tls.connect, no
   * interceptor): the app only answers webhooks, and its reads of the vendor API do not move the call.
   */
  guardOnly?: true
  release: () => Promise<void>
  traffic?: AppTraffic
}

/**
 * Picks where the app's REST requests to the vendor go for this flow, and how to let go of it.
 * Interception is reference-counted: the vendor hosts are patched only while a flow needs them.
 * An app in this process that drives the call through the API is observed in both modes
 * (`traffic`: its requests in flight), so the run loop knows what it is still doing.
 */
export async function acquireApi(config: FlowConfig, outbound: boolean): Promise<ApiChannel> {
  const { driver } = config
  const needsApi = needsApiOf(config, outbound)
  const choice = apiChoice(config, outbound)
  if (choice === 'none') {
    if (needsApi) {
      const why = outbound ? 'startedBy() needs' : `an app on ${driver.platform} drives the call through`
      if (isInProcess(config.target)) {
        // The app is in this process: only the explicit api: 'none' kept it from the fake API.
        throw new CallspecUsageError(
          `[callspec] ${why} the fake ${driver.platform} API, but api: 'none' gives it none. Leave api unset (callspec answers the vendor hosts for an app in this process), or pass { api: platform } from startPlatform('${driver.platform}').`,
        )
      }
      const start = howToServeApi(driver, phrasingOf(config.options).command)
      // Marked as data: a command tells "run without the fake API" from a failure of the app by it (errors/api-missing.ts).
      throw markApiMissing(new CallspecUsageError(`[callspec] ${why} the fake ${driver.platform} API, but the app runs outside this process. ${start}`), driver.platform)
    }
    // The app answers webhooks only: its requests (a CRM lookup) are still counted while its
    // timers run on the call's clock, so the clock holds for a lookup in flight (audit-80: a CRM
    // mocked with msw or nock and a 50 ms delay lost to the app's own 1 s timeout, every run).
    const counted = await observed(undefined, runsInProcessClock(config))
    if (!isInProcess(config.target)) return counted
    if (config.options.api !== undefined) {
      // `api: 'none'`: a request that still reaches a vendor host an earlier call had callspec
      // answer is said as during this call, not as after the last one (vendor-guard.ts).
      const unpass = passVendorHosts(driver.vendorOrigins)
      return {
        ...counted,
        async release() {
          unpass()
          await counted.release()
        },
      }
    }
    // By default, an app in this process that reads the vendor API mid-call (a call log, its
    // recordings) gets the fake API's answer about this call, and never the network with its
    // credentials (audit-94 F5): the call registers in the shared fake API, and the guard on
    // tls.connect answers the vendor hosts from it while the call holds them. No interceptor: it
    // cost ~600 µs a call, and would go over a test's own mocks of the host, which answer first.
    const api = sharedApi(driver)
    const unguard = holdVendorHosts(driver.vendorOrigins, api)
    return {
      api,
      guardOnly: true,
      traffic: counted.traffic,
      async release() {
        unguard()
        await counted.release()
      },
    }
  }
  if (typeof choice === 'object') {
    if (choice.platform !== driver.platform) {
      throw new CallspecUsageError(
        `[callspec] the api option is a ${choice.platform} platform server, but this call is on ${driver.platform}.`,
      )
    }
    return observed(choice.api, runsInProcessClock(config))
  }
  const api = sharedApi(driver)
  const held = await holdInterception({ origins: driver.vendorOrigins, api })
  return { api, release: held.release, traffic: held.traffic }
}

/** The driver's fake API in this process, one for every call that answers its hosts here. */
function sharedApi(driver: AnyDriver): PlatformApi {
  const api = shared.get(driver) ?? driver.createApi()
  shared.set(driver, api)
  return api
}

/**
 * How the user starts the fake API for an app outside this process, in the terms of what runs the
 * call: the TypeScript API, `callspec run` (which can pick a free port and give it to --start), or
 * `callspec explore` and `callspec dial` (an app started by hand: a fixed port).
 */
export function howToServeApi(driver: AnyDriver, command: CallspecCommand | undefined): string {
  const { platform, apiBasePath: base = '' } = driver
  if (command === 'callspec run') {
    return `Start one with \`callspec run --api <port>\` (0: a free port), and point the app's ${platform} base URL at the URL it prints${base ? `, followed by ${base}` : ''} (a --start command gets the URL as ${apiUrlEnvName(platform)}).`
  }
  if (command) return `Start one with \`${command} --api <port>\` on a fixed port (--api 9999), and start the app first with its ${platform} base URL on that port (http://127.0.0.1:9999${base}).`
  return (
    `Start one with \`const platform = await startPlatform('${platform}')\`, configure the app with platform.url${base ? ` + '${base}'` : ''}, ` +
    `and pass { api: platform } to callTo(). (From the callspec command: --api <port>, and point the app at the URL it prints.)`
  )
}

/** Where the app's REST requests to the vendor go: the `api` option, or by default callspec's interceptor when an in-process app needs the API. */
function apiChoice(config: FlowConfig, outbound: boolean): NonNullable<FlowConfig['options']['api']> {
  return config.options.api ?? (needsApiOf(config, outbound) && isInProcess(config.target) ? 'intercept' : 'none')
}

/** The app drives the call through the vendor's API (EnableX), or places it (startedBy()). */
const needsApiOf = (config: FlowConfig, outbound: boolean) => outbound || config.driver.appDrivesCall === true

/**
 * The flow will hold callspec's interceptor: it answers the vendor hosts. A call that only counts
 * the app's requests does not load it: measured, loading it was ~35 ms of a first call.
 */
export function usesInterception(config: FlowConfig, outbound: boolean): boolean {
  return apiChoice(config, outbound) === 'intercept'
}

/**
 * The app's requests go elsewhere (a startPlatform() URL, or no vendor API at all); an in-process
 * app's are still counted when `watched`, so the run loop knows what it has in flight.
 */
async function observed(api: PlatformApi | undefined, watched: boolean): Promise<ApiChannel> {
  if (!watched) return { api, release: async () => {} }
  const held = await holdInterception()
  return { api, release: held.release, traffic: held.traffic }
}
