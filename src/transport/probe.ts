import { connect } from 'node:net'
import { realTimers } from '../clock/real-timers.js'

/**
 * Whether anything accepts TCP connections at the URL's address, within `waitMs`. Used only
 * after a failure, to tell "the app crashed" from "the app dropped one request".
 */
export function stillListening(url: URL, waitMs: number): Promise<boolean> {
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
