/**
 * The preload: `node --import callspec/agent app.js` (or `--require` for CommonJS). Configured by
 * the environment variables `startAgent()` prints; without them it leaves the app untouched.
 * The real timers are captured when the modules load (real-timers.ts), before startAppAgent()
 * fakes the globals and before the app's own modules load.
 */
import { startAppAgent } from './app-side/app-agent.js'

startAppAgent(process.env)
