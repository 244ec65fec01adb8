/**
 * The program counter of one running script: a stack of positions in nested action lists (the
 * top-level list, an IF's branch). IF pushes its branch; when a branch runs out, execution goes on
 * after the IF (Voxology's IF reference); GOTO replaces the stack with the LABEL's position,
 * wherever it is.
 */
import type { CheckedScript, Frame } from './script.js'
import type { Action } from './schemas.js'

export class Program {
  #stack: Frame[]
  /** Actions executed since virtual time last passed, bounded by BEHAVIOUR.maxActionsPerScript. */
  executed = 0
  /** The virtual time `executed` counts at: a wait that took time starts the count again. */
  #countingAt: number | undefined
  /** Labels jumped to, most recent last: names the loop when the bound is hit. */
  readonly jumps: string[] = []

  constructor(readonly checked: CheckedScript) {
    this.#stack = [{ list: checked.script.actions, index: 0, base: 'actions' }]
  }

  /**
   * The script runs at virtual time `now`. The bound is for a loop that never lets time pass
   * (LABEL/GOTO with nothing that plays or waits), which would hang the call; a loop that plays
   * or waits for the caller on each turn is bounded by the clock (limits.maxVirtualMs), as a hold
   * loop runs for as long as the caller holds. So the count starts again once time has passed.
   */
  runsAt(now: number): void {
    if (now === this.#countingAt) return
    this.#countingAt = now
    this.executed = 0
  }

  /** The next action and its path, or undefined when the script has run out. */
  next(): { action: Action; path: string } | undefined {
    for (let top = this.#stack.at(-1); top; top = this.#stack.at(-1)) {
      if (top.index < top.list.length) {
        const i = top.index++
        return { action: top.list[i]!, path: `${top.base}[${i}]` }
      }
      this.#stack.pop()
    }
    return undefined
  }

  /** Runs `list` (an IF branch) next, then whatever followed the IF. */
  enter(list: readonly Action[], base: string): void {
    this.#stack.push({ list, index: 0, base })
  }

  /** Continues at the LABEL; false when the script has none of that name (the interpreter then ends the script). */
  goto(label: string): boolean {
    const target = this.checked.labels.get(label)
    if (!target) return false
    // Copies, since next() moves a frame's index on and every GOTO to this LABEL starts from its
    // frames; field by field, since object spread is a hot spot in profiles.
    this.#stack = target.frames.map((f) => ({ list: f.list, index: f.index, base: f.base }))
    this.jumps.push(label)
    return true
  }

  /** The labels of the loop that is running: those jumped to recently, in order of first visit. */
  loopLabels(): string[] {
    return [...new Set(this.jumps.slice(-50))]
  }
}
