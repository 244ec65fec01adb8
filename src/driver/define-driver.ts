import type { AnyDriver } from './types.js'

/** Identity helper that keeps a driver's literal types for inference. */
export const defineDriver = <D extends AnyDriver>(driver: D): D => driver
