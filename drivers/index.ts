/**
 * The registry of platforms: the only file that imports every vendor. `callTo` infers each
 * platform's action names and options from it.
 */
import { webexConnect } from './webex-connect/index.js'

export const drivers = {
  'webex-connect': webexConnect,
} as const

export type Drivers = typeof drivers
export type Platform = keyof Drivers
