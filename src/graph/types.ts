/** A point where the platform listens, or where a call ends. */
export interface GraphNode {
  /** Stable across runs: the normalised prompt, the action and what the platform listened for. */
  id: string
  kind: 'start' | 'menu' | 'end' | 'transfer' | 'failure'
  /** One line for people: the prompt (shortened), or how the call ended. */
  label: string
  /** The whole prompt, normalised (hints match it). */
  prompt?: string
  /** The app's action that set up the listening (menu), in the vendor's vocabulary. */
  action?: string
  /** What the platform listened for, with numbers normalised. */
  listening?: string
  maxDigits?: number
  terminator?: string
  digits?: boolean
  speech?: boolean
  /** The number a transfer dialled. */
  number?: string
  /**
   * A failure of the test's own expectation (an action or prompt other than the one it expected, a
   * hang-up it did not expect): the app answered as the platform accepts, and only the test says
   * otherwise. Drawn apart from the app's failures (an error answer, a vendor rule broken).
   */
  byTest?: boolean
}

/** A caller input at one node and where it led. */
export interface GraphEdge {
  from: string
  to: string
  /** `1`, `1234#`, `"agent"`, `timeout`, `hangup`, `invalid`; `call` from the start. */
  input: string
  kind: 'call' | 'digits' | 'speech' | 'silence' | 'hangup'
  /** The explorer's deliberately wrong entry (and every key that behaved like it). */
  invalid?: boolean
  /** Keys that led to the same place as this edge's input (the explorer groups them). */
  keys?: string[]
  /** How many calls took this edge. */
  count: number
}

export interface CallGraph {
  platform: string
  nodes: GraphNode[]
  edges: GraphEdge[]
}
