/**
 * The preload: `node --import callspec/agent app.js` (or `--require` for CommonJS). Configured by
 * the environment variables `startAgent()` prints; without them it leaves the app untouched.
 */
// First: the real timers are captured before anything fakes them.
import './app-side/real-timers.js'
import { startAppAgent } from './app-side/app-agent.js'

startAppAgent(process.env)
