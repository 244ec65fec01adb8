import type { AnyDriver } from './types.js'

/** Every driver defined in this process, in order: the platforms a failure can ask "is this answer yours?" (answer-like.ts). */
const defined = new Set<AnyDriver>()

/** Identity helper that keeps a driver's literal types for inference; notes the driver as one of the platforms known. */
export const defineDriver = <D extends AnyDriver>(driver: D): D => {
  defined.add(driver)
  return driver
}

/** The drivers defined so far (drivers/index.ts defines every built-in one). */
export const definedDrivers = (): ReadonlySet<AnyDriver> => defined

/** The defined driver of `platform`, if any. */
export function definedDriver(platform: string): AnyDriver | undefined {
  for (const driver of defined) if (driver.platform === platform) return driver
  return undefined
}
