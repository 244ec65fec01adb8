import { closestName } from '../validation/did-you-mean.js'

/**
 * The action name a test most likely meant by one the platform does not have: a case or a letter
 * off (closestName), else the one name that begins with it or that it begins with, four letters or
 * more in common (`record` → `recording`, `hangupCall` → `hangup`). Measured (helper-188):
 * expectAction('record') on EnableX listed the names with no did-you-mean.
 */
export function nearActionName(name: string, names: readonly string[]): string | undefined {
  const near = closestName(name, names)
  if (near) return near
  const lower = name.toLowerCase()
  if (lower.length < 4) return undefined
  const extended = names.filter((known) => {
    const k = known.toLowerCase()
    return k !== lower && k.length >= 4 && (k.startsWith(lower) || lower.startsWith(k))
  })
  return extended.length === 1 ? extended[0] : undefined
}
