import { connect } from 'node:net'
import { refusedOf } from '../errors/unreachable.js'

/** What a call's failure carries: its error, and the host:port where nothing listened. */
interface Failure {
  error?: unknown
  unreachable?: string
}

const WAIT_ON = 'Pass --wait-on <url> (a URL the app answers once it is up, such as http://127.0.0.1:8000/health) to wait for it.'

/**
 * `--start` without `--wait-on` runs the calls as soon as the command starts, before a server
 * had time to listen: every call then fails with the transport's "is the app running?". The
 * hint names the option that waits, instead of leaving the reader to suspect the app. When
 * nothing listens at those addresses even at the end of the run, while the app still runs (an app
 * on port 8793, `--target` naming 8794), waiting was not what went wrong: the hint asks for the
 * port first, where "maybe before the app listened" sent the reader the wrong way (helper-186).
 */
export async function waitOnHint(failures: ReadonlyArray<Failure | undefined>): Promise<string | undefined> {
  // Told by the failures' data (errors/unreachable.ts): a call refused at its address, not one whose host was not found.
  const refused = failures.filter((f) => refusedOf(f?.error))
  if (refused.length === 0) return undefined
  const addresses = [...new Set(refused.map((f) => f?.unreachable).filter((a) => a !== undefined))]
  const listening = await Promise.all(addresses.map(listensNow))
  if (addresses.length > 0 && !listening.some(Boolean)) {
    return `Hint: nothing listens at ${addresses.join(', ')} even now, at the end of the run, while the --start app still runs: is that the port it listens on? (Its output may say.) Without --wait-on the calls also began as soon as the command started. ${WAIT_ON}`
  }
  return `Hint: with --start and no --wait-on, the calls began as soon as the command started, maybe before the app listened. ${WAIT_ON}`
}

/** Whether a TCP connection to `address` (host:port, [v6]:port) is taken now: one try, at most 1 s. */
function listensNow(address: string): Promise<boolean> {
  const colon = address.lastIndexOf(':')
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '')
  const port = Number(address.slice(colon + 1))
  if (colon < 0 || !Number.isInteger(port)) return Promise.resolve(true)
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 })
    const done = (open: boolean) => {
      socket.destroy()
      resolve(open)
    }
    socket.once('connect', () => done(true))
    socket.once('timeout', () => done(true))
    socket.once('error', () => done(false))
  })
}
