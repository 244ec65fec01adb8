import { definedDrivers } from './define-driver.js'

/**
 * The platforms other than `platform` that have an action named exactly `name` (`say`: 8x8), by
 * each driver's own action names: a step naming one was most likely written for that platform.
 */
export function platformsWithAction(name: string, platform: string): string[] {
  return [...definedDrivers()].filter((d) => d.platform !== platform && d.actionNames.includes(name)).map((d) => d.platform)
}

/** ` ('say' is an 8x8 action: is 'platform' right?)`, or nothing when no other platform has the action. */
export function otherPlatformsAction(name: string, platform: string): string {
  const owners = platformsWithAction(name, platform)
  if (owners.length === 0) return ''
  return ` ('${name}' is ${/^[aeiou8]/i.test(owners[0]!) ? 'an' : 'a'} ${owners.join(' and ')} action: is 'platform' right?)`
}

/**
 * The platforms other than `platform` whose webhooks carry a field named `field`, at any depth, by
 * each driver's own list (Driver.eventFields): an app that crashed reading it on `platform`'s
 * webhook may have been written for one of them; one that read a name none sends was not.
 */
export function platformsSendingField(field: string, platform: string): string[] {
  return [...definedDrivers()].filter((d) => d.platform !== platform && d.eventFields?.includes(field)).map((d) => d.platform)
}
