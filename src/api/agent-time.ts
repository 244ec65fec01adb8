/**
 * The call's time an app under callspec/agent stood at when it sent a request to the fake API (a
 * header its agent adds): the app's clock moved on with the real time its own I/O held (a lookup
 * before it plays), and the platform records the request at that instant, as production's clock
 * ran on. Read and removed where the fake API is served by URL (loopback-server.ts), handed to the
 * agent that serves that API (start-agent.ts), which moves the running call's clock.
 */
export const AGENT_TIME_HEADER = 'x-callspec-agent-time'

const listeners = new WeakMap<object, (virtualMs: number) => void>()

/** `api`'s requests carrying the header tell `listener` the app's time (one agent an API). */
export function followAgentTime(api: object, listener: ((virtualMs: number) => void) | undefined): void {
  if (listener) listeners.set(api, listener)
  else listeners.delete(api)
}

/** Takes the header off `headers`, telling `api`'s agent the time it carried. */
export function takeAgentTime(api: object, headers: Record<string, string | string[] | undefined>): void {
  const value = headers[AGENT_TIME_HEADER]
  if (value === undefined) return
  delete headers[AGENT_TIME_HEADER]
  const ms = Number(value)
  if (Number.isFinite(ms)) listeners.get(api)?.(ms)
}
