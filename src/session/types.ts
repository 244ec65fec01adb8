/** An HTTP request as it went over the wire (headers lower-cased). */
export interface WireRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

/** An HTTP response as it came back. `ms` is real time, kept out of printed transcripts. */
export interface WireResponse {
  status: number
  headers: Record<string, string>
  body: string
  ms: number
}

/** Something the caller hears: TTS text, or the address of an audio file. */
export interface Prompt {
  kind: 'speech' | 'audio'
  text: string
}

/** What the platform waits for from the caller right now. */
export interface Listening {
  digits: boolean
  speech: boolean
  /** One line for messages: `digits (max 4, # ends, 5 s timeout)`. */
  describe: string
  /** The most keys the platform takes in one entry, where the app said (menu coverage reads it). */
  maxDigits?: number
  /** The key that ends an entry, where there is one. */
  terminator?: string
  /** Keys of the entry under way that the platform has not passed on to the app yet (it waits for more, a terminator or a pause). */
  entered?: string
}

/**
 * A moment the platform listened for the caller, and what the caller did about it: the edges of
 * the call graph and of menu coverage. `input` is unset while the caller has not acted yet.
 */
export interface ListenRecord {
  turn: number
  at: number
  /** Index of the app's latest action when the platform listened (-1: none yet). */
  actionIndex: number
  listening: Listening
  input?: { kind: 'digits' | 'speech' | 'silence' | 'hangup'; value?: string }
}

/**
 * One instruction from the app, in the vendor's own vocabulary (`PLAY`, `sayAndCapture`, `play`,
 * `COLLECT`), plus the few normalised facts matchers need on every platform.
 */
export interface ActionRecord<Name extends string = string, Raw = unknown> {
  /** Position among all the app's actions in this call, from 0. */
  index: number
  turn: number
  /** Virtual ms since the call began. */
  at: number
  name: Name
  /** The action exactly as the app sent it (after JSON parsing). */
  raw: Raw
  /** `response`: in a webhook response body; `api`: a REST request the app made to the platform. */
  source: 'response' | 'api'
  summary: string
  prompts: Prompt[]
  endsCall: boolean
}

/** The rule a refused REST request was answered under, and whether callspec inferred it (then the refusal is callspec's, not the vendor's). */
export interface RefusedBy {
  rule: string
  inferred: boolean
  /**
   * What the rule set to 'off' does with this request, in the driver's words ("callspec then
   * answers it 200 …", "still refused: …"): said where a failure lists the refusal. Unset: the
   * request is refused at any level.
   */
  whenOff?: string
}

export type TranscriptEntry =
  /** `plain`: the event as the app reads it once decrypted, when it was sent sealed (Delivery.sealed). */
  | { kind: 'event'; turn: number; at: number; name: string; summary: string; request: WireRequest; response?: WireResponse; plain?: Record<string, unknown> }
  | { kind: 'action'; turn: number; at: number; action: ActionRecord }
  /** `afterEnd`: the request came once the call was over (a play racing the caller's hang-up). */
  | { kind: 'api'; turn: number; at: number; name: string; summary: string; request: WireRequest; status: number; body: string; afterEnd?: true; refusedBy?: RefusedBy }
  | { kind: 'caller'; turn: number; at: number; text: string }
  | { kind: 'heard'; turn: number; at: number; prompt: Prompt; cutAtMs?: number }
  | { kind: 'note'; turn: number; at: number; text: string }
  /** A rule broken at level 'warn' (or another warning), with its rule tag. */
  | { kind: 'warning'; turn: number; at: number; text: string }

/** How the call ended, once it has. */
export interface CallEnd {
  by: 'caller' | 'app' | 'callee' | 'platform' | 'network'
  at: number
  reason: string
  /**
   * By the callee of an outbound call, the person the test plays: they had answered, then hung up
   * (`answeredBy({ answers: true, hangsUpAfterMs })`), as `.hangUp()` would have them do, so
   * `expectHangup()` fails; rather than never answering (busy, no answer: the platform gave up on
   * the attempt). A bridged party's hang-up that ends the call (8x8) is not the test's person's.
   */
  answered?: true
  /** Actions the app had sent (a callflow's rest) that the platform never ran because the call ended. */
  unrun?: readonly string[]
}

/**
 * `CallEnd.reason` when the person an outbound call dials rejects the ringing phone (`.hangUp()`
 * before answering): every platform reports it as a busy line, in its own terms (the drivers' notes).
 */
export const DECLINED_WHILE_RINGING = 'declined while ringing'

/** The parties and direction of the simulated call. */
export interface CallParties {
  direction: 'inbound' | 'outbound'
  /** The caller's number (inbound) or the app's caller id (outbound). */
  from: string
  /** The app's number (inbound) or the person called (outbound). */
  to: string
}
