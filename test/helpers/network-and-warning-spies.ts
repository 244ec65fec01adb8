import dns from 'node:dns'
import { vi } from 'vitest'

/**
 * Spies for a test that a request stays off the network (the vendor-host guard's): every host name
 * looked up by DNS (a request that went to the network looks its host up first), and callspec's
 * console warnings about what the app sent. Called inside `vi.hoisted`, before the app's modules
 * load: their requests may be made as they load.
 */
export function networkAndWarningSpies(): { lookedUp: string[]; warnings: () => string[] } {
  const lookedUp: string[] = []
  const real = dns.lookup
  vi.spyOn(dns, 'lookup').mockImplementation(function (this: unknown, ...args: unknown[]) {
    lookedUp.push(String(args[0]))
    return (real as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof dns.lookup)
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const warnings = () => warn.mock.calls.map((c) => String(c[0])).filter((line) => line.startsWith('[callspec] the app sent'))
  return { lookedUp, warnings }
}
