import { connect } from 'node:net'
import { realSleep, realTimers } from '../clock/real-timers.js'

/**
 * How long after a first probe that connected a second one confirms it. A process that is exiting
 * closes its connections and its listening socket in turn, not at once, and the kernel completes
 * a connection to a listening socket whether or not the app will ever accept it: measured under
 * load, a crashed app's port still took the first probe's connection, and the failure said "the
 * app is up but dropped this request". Only a failure pays this wait.
 */
const CONFIRM_AFTER_MS = 100

/**
 * Whether anything accepts TCP connections at the URL's address, within `waitMs`, and still does
 * CONFIRM_AFTER_MS later. Used only after a failure, to tell "the app crashed" from "the app
 * dropped one request".
 */
export async function stillListening(url: URL, waitMs: number): Promise<boolean> {
  if (!(await accepts(url, waitMs))) return false
  await realSleep(CONFIRM_AFTER_MS)
  return accepts(url, waitMs)
}

function accepts(url: URL, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port })
    const done = (listening: boolean) => {
      realTimers.clearTimeout(timer)
      socket.destroy()
      resolve(listening)
    }
    const timer = realTimers.setTimeout(() => done(false), waitMs)
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
