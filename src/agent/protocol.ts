/**
 * The local channel between callspec (the test process) and `callspec/agent` (the app's process):
 * newline-delimited JSON over a loopback TCP connection the agent opens. callspec asks, the agent
 * answers each request by id; the agent's first line is a hello carrying the token callspec
 * printed, so a stray local process cannot take the app's place.
 */
import type { AppTimerFired } from '../clock/app-clock.js'

/** The environment variables callspec prints and the agent reads. */
export const ENV = {
  /** host:port of callspec's channel. */
  channel: 'CALLSPEC_AGENT',
  /** Shared secret: the hello must carry it. */
  token: 'CALLSPEC_AGENT_TOKEN',
  /** Base URL of the fake REST API (startPlatform()'s url) that vendor-host requests go to. */
  api: 'CALLSPEC_AGENT_API',
  /** Comma-separated vendor origins (https://api.enablex.io) whose requests go to the fake API. */
  hosts: 'CALLSPEC_AGENT_HOSTS',
} as const

export type Op =
  | { op: 'start'; epochMs: number }
  | { op: 'next' }
  | { op: 'fire'; at: number; maxMs: number }
  | { op: 'quiet'; maxMs: number; platformAt?: number; callerAt?: number }
  | { op: 'held' }
  | { op: 'stop' }

export type Request = Op & { id: number }

/** A request the app has sent to a vendor host and not yet had its answer delivered. */
export interface InFlight {
  method: string
  url: string
  /** Virtual ms (since the call began) when the app sent it, or undefined between calls. */
  at?: number
  /** Set while the app is still sending its body: the bytes it has sent so far (vendor-forwarding.ts streams it on as it comes). */
  bodySending?: number
}

/** Carried by every next / fire / quiet answer. */
export interface ClockStatus {
  /** The timers the app armed during this call and has not run yet. */
  pending: { delayMs: number; kind: string }[]
  /** The first exception an app timer threw since the last answer (its stack). */
  error?: string
}

/**
 * `older`: that timer was already pending when the app's HTTP server received its latest request
 * (it is not what the app set while handling it). Absent when false.
 */
/** `production`: virtual ms from which a platform event comes after the timer at `at` in production, when real time held ran it down (earlier than `at`). */
export type NextResult = ClockStatus & { at: number | null; older?: true; production?: number }
export type FireResult = ClockStatus & { fired: AppTimerFired[] }
/**
 * `answering`: requests the app's HTTP servers have received and not finished answering (the last
 * byte not yet handed to the socket). 0 while a webhook waits: its answer is written, on its way to
 * callspec (or the webhook has not reached the app yet); more: the app holds it, and, quiet, waits
 * on a timer of its own.
 */
/**
 * `now`: the call's time the app's clock stands at (virtual ms; moved on with real time its I/O held), undefined between calls.
 * `callerActs`: the wait ended before the app was quiet, its real I/O still holding the answer, as
 * production's time (the call's, plus the real time held ahead of it) reached `callerAt`, the
 * caller's next act (CallSession's keyDue, or callerHangsUpAt). Absent otherwise.
 */
export type QuietResult = ClockStatus & { quiet: boolean; inFlight: InFlight[]; answering: number; now?: number; callerActs?: true }

/**
 * What the app's real I/O held of the answer to the latest webhook: `leadMs`, real ms production's
 * clock is still ahead of the call's; `caughtUpMs`, virtual ms the call's time moved on with it
 * (its timers' time apart); `now`, the call's time the app's clock stands at (virtual ms).
 */
export interface HeldResult {
  leadMs: number
  caughtUpMs: number
  now: number
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }

/** Bumped when the messages change: the app's preload and the test's callspec must agree. */
export const PROTOCOL = 4

export interface Hello {
  hello: { token: string; protocol: number; pid: number; node: string; hosts: string[] }
}

/** Splits a byte stream into JSON lines. */
export function lineReader(onMessage: (message: unknown) => void): (chunk: Buffer) => void {
  let pending = ''
  return (chunk) => {
    pending += chunk.toString('utf8')
    let newline = pending.indexOf('\n')
    while (newline >= 0) {
      const line = pending.slice(0, newline)
      pending = pending.slice(newline + 1)
      if (line.trim()) onMessage(JSON.parse(line))
      newline = pending.indexOf('\n')
    }
  }
}
