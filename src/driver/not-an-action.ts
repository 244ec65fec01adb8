import type { AnyDriver } from './types.js'

/**
 * Why `name` is no action on the driver's platform and what to write instead (Driver.notActions),
 * or undefined. Read in lower case without `-`, `_` or spaces: `make-call`, `makeCall` and
 * `make_call` are one slip.
 */
export function notAnAction(driver: Pick<AnyDriver, 'notActions'>, name: string): string | undefined {
  const said = driver.notActions
  if (!said) return undefined
  const key = name.toLowerCase().replace(/[-_\s]/g, '')
  return Object.hasOwn(said, key) ? said[key] : undefined
}
