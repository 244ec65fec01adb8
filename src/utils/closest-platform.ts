import { closestName } from '../validation/did-you-mean.js'

/**
 * The platform a misspelt or shortened name meant, if one is clear: another casing or a letter or
 * two off (`8X8`, `voxolgy`, `webexconnect`), else the one platform whose name starts with it
 * (`webex` → `webex-connect`, `enable` → `enablex`: a short form is no near miss by edit distance),
 * contains it (`connect`), or is contained in it (`enablex-voice`). None when two would fit.
 */
export function closestPlatform(given: unknown, platforms: readonly string[]): string | undefined {
  if (typeof given !== 'string') return undefined
  const wanted = given.trim().toLowerCase()
  if (wanted.length < 2) return undefined
  const near = closestName(wanted, platforms)
  if (near) return near
  const only = (found: string[]) => (found.length === 1 ? found[0] : undefined)
  return (
    only(platforms.filter((p) => p.toLowerCase().startsWith(wanted))) ??
    only(platforms.filter((p) => p.toLowerCase().includes(wanted))) ??
    only(platforms.filter((p) => p.length >= 3 && wanted.includes(p.toLowerCase())))
  )
}

/** ` Did you mean 'webex-connect'?`, or nothing. */
export function didYouMeanPlatform(given: unknown, platforms: readonly string[]): string {
  const near = closestPlatform(given, platforms)
  return near ? ` Did you mean '${near}'?` : ''
}

/** `; did you mean webex-connect?`, or nothing: the CLI's wording (its messages quote no platform names). */
export function cliDidYouMeanPlatform(given: unknown, platforms: readonly string[]): string {
  const near = closestPlatform(given, platforms)
  return near ? `; did you mean ${near}?` : ''
}
