/**
 * The registry of platforms: the only file that imports every vendor. `callTo` infers each
 * platform's action names and options from it.
 */
import { webexConnect } from './webex-connect/driver.js'
import { enablex } from './enablex/driver.js'
import { eightByEight } from './8x8/driver.js'
import { voxology } from './voxology/driver.js'

export const drivers = {
  'webex-connect': webexConnect,
  enablex,
  '8x8': eightByEight,
  voxology,
} as const

export type Drivers = typeof drivers
export type Platform = keyof Drivers
