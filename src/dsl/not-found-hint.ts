import type { AnyDriver } from '../driver/types.js'
import type { WireResponse } from '../session/types.js'
import { closestName } from '../validation/did-you-mean.js'
import type { FlowConfig } from './flow-config.js'
import { phrasingOf } from './phrasing.js'
import { postRoutes } from './post-routes.js'

/**
 * The hint under a 404 on the first webhook: the path the webhook went to and where that path came
 * from (the platform's default, webhookPath, or the path of the URL the app was reached by), the
 * app's POST routes where callspec can read them, and the route nearest the one requested.
 */
export function notFoundHint(response: WireResponse, url: string, config: FlowConfig<AnyDriver>): string {
  const { driver, options } = config
  const says = phrasingOf(options)
  const fallback = driver.defaultWebhookPath
  // callspec dial, and explore by URL, have no scenario file to set it in: the path is their
  // --webhook-path option (helper-137 finding 04).
  const dial = says.command === 'callspec dial' || says.command === 'callspec explore'
  const setting = dial ? '`--webhook-path`' : '`webhookPath`'
  const from = dial ? 'your --webhook-path' : `your webhookPath${says.scenarioFile ? ' setting' : ' option'}`
  const requested = pathOf(url)
  // An app by URL whose URL has a path: that path is the webhook's, or its start (newcomer audit
  // N6: `http://host/webex/evnts` was said to have used `/`, the platform's default).
  const base = typeof config.target === 'string' ? pathOf(config.target) : '/'
  const joined = options.webhookPath !== undefined && options.webhookPath !== '' && options.webhookPath !== '/'
  // The default said once: "(this call used `/`, webex-connect's default)" (audit-f: it was said twice).
  const used =
    base !== '/'
      ? joined && requested !== base
        ? `this call used \`${requested}\`: the path of the URL you passed, \`${base}\`, joined with ${from}, \`${options.webhookPath}\``
        : `this call used \`${requested}\`, the path of the URL you passed`
      : options.webhookPath === undefined
        ? `this call used \`${fallback}\`, ${driver.platform}'s default`
        : `this call used \`${options.webhookPath}\`, from ${from}${options.webhookPath === fallback ? `, which is ${driver.platform}'s default` : `; ${driver.platform}'s default is \`${fallback}\``}`
  const routes = postRoutes(config.target)
  const candidates = routes.length > 0 ? ` The app's POST routes: ${routes.slice(0, 8).map((r) => `\`${r}\``).join(', ')}${routes.length > 8 ? ', …' : ''}.` : ''
  // The route meant, from the app's own routes or, for an app by URL, those its 404 page lists.
  const listed = routes.length > 0 ? routes : routesInPage(response.body, requested)
  const near = closestName(requested, listed)
  const nearest = near ? ` The nearest to \`${requested}\`${routes.length > 0 ? '' : ", of the paths the app's 404 page names"}: \`${near}\`.` : ''
  const fix =
    base !== '/'
      ? `Give the path your app serves in the URL (http://host:port/your/route)${joined ? `, or the URL's origin alone with ${setting}` : ''}.`
      : dial
        ? 'Give the path your app serves with --webhook-path /your/route.'
        : says.scenarioFile
          ? 'Set the path your app serves in the scenario file (webhookPath: /your/route).'
          : `Pass the path your app serves as webhookPath: in callTo's options (callTo(app, { platform: '${driver.platform}', webhookPath: '/your/route' })), or in a scenario file (webhookPath: /your/route).`
  const asked = base !== '/' ? (joined ? `the URL's path, or ${setting},` : "the URL's path") : setting
  return `is ${asked} right? The first webhook went to ${url} and the app has no route there (${used}).${candidates}${nearest} ${fix}`
}

/** A URL's path (`/` for none, or for a URL that does not parse). */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname || '/'
  } catch {
    return '/'
  }
}

/**
 * The paths a 404 page names besides the one requested: frameworks' development pages list the
 * routes they have (`Available routes: POST /webex/events`), as do apps' own JSON 404s. Read from
 * the page's first 16 KB; only what stands as a word of its own, starting with `/`.
 */
function routesInPage(body: string, requested: string): string[] {
  const found = new Set<string>()
  for (const match of body.slice(0, 16_384).matchAll(/(?:^|[\s"'`(,[])(\/[\w\-./:{}]*[\w}])/g)) {
    const path = match[1]!
    if (path !== requested && !path.startsWith('//')) found.add(path)
  }
  return [...found]
}
