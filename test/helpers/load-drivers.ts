/**
 * callspec's own tests run its TypeScript sources, where a driver's runtime cannot be required
 * synchronously (the built package requires dist/runtime/<platform>.js): load every runtime up
 * front so a synchronous validate() before any call works here as it does for users.
 * test/package/startup.test.ts covers the built package's own lazy and synchronous loading.
 */
import { drivers } from '../../src/index.js'

await Promise.all(Object.values(drivers).map((driver) => driver.load?.()))
