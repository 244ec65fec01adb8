import type { PlatformServer } from '../dsl/flow-config.js'
import { apiUrlEnvName } from '../api/api-url-env.js'
import { howToServeApi } from '../dsl/api-channel.js'
import type { CallspecCommand } from '../dsl/phrasing.js'
import { drivers, startPlatform } from '../index.js'

/** The fake vendor REST APIs a run serves (`--api <port>`), one per platform of its files. */
export interface PlatformApis {
  /** The server of a platform, for its calls (`api` in callTo's options). */
  of(platform: string): PlatformServer | undefined
  /** What the --start command is given: CALLSPEC_<PLATFORM>_API_URL each, CALLSPEC_API_URL for a single one. */
  env: Record<string, string>
  /** One line per server, for the run's output. */
  describe(): string
  close(): Promise<void>
}

/**
 * An app that drives its calls through the vendor's REST API (EnableX's, or any platform's
 * make-call request for a call the app places) in another process, a server in any language,
 * needs the vendor's API somewhere it can reach: callspec serves its fake of each platform the
 * files use on loopback, from `port` on (one each; 0 picks free ports), and the app reads the
 * address from its environment. The TypeScript API does the same with startPlatform().
 */
export async function startPlatformApis(platforms: readonly string[], port: number): Promise<PlatformApis> {
  const servers = new Map<string, PlatformServer>()
  try {
    for (const [i, platform] of servedOrder(platforms).entries()) {
      servers.set(platform, await startPlatform(platform as Parameters<typeof startPlatform>[0], { port: port === 0 ? 0 : port + i }))
    }
  } catch (error) {
    await Promise.all([...servers.values()].map((s) => s.close()))
    throw error
  }
  const env: Record<string, string> = {}
  for (const [platform, server] of servers) env[apiUrlEnvName(platform)] = server.url
  if (servers.size === 1) env.CALLSPEC_API_URL = [...servers.values()][0]!.url
  return {
    of: (platform) => servers.get(platform),
    env,
    describe: () => [...servers].map(([platform, server]) => `${platform}'s REST API (callspec's fake) at ${server.url}: ${apiUrlEnvName(platform)}`).join('\n'),
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()))
    },
  }
}

/**
 * The order the fakes take their ports in, from the one given: a platform whose app drives every
 * call through the API (EnableX) first, so `--api 9999` serves it on 9999 as the docs' recipe
 * starts the app, whatever other platforms the run's files use (audit-122: an 8x8 file in the same
 * run put EnableX's fake on 10000, and the EnableX app's requests met 8x8's); then the rest,
 * alphabetically.
 */
function servedOrder(platforms: readonly string[]): string[] {
  return [...new Set(platforms)].sort((a, b) => Number(needsVendorApi(b)) - Number(needsVendorApi(a)) || a.localeCompare(b))
}

/** The platform's calls are driven by the app through the vendor's REST API (EnableX): an app by URL needs --api. */
export const needsVendorApi = (platform: string): boolean => (drivers as Record<string, { appDrivesCall?: boolean } | undefined>)[platform]?.appDrivesCall === true

/** How `command` gives an app by URL the fake vendor API, where the call's own failure speaks the TypeScript API (an explore config module). */
export const apiHint = (command: CallspecCommand, platform: string): string => `From ${command}: ${howToServeApi(drivers[platform as keyof typeof drivers], command)}`
