import { citedRule } from '../validation/rules.js'

/**
 * A call's warnings as a reader takes them in: the same warning at many turns is one line with a
 * count. An app that retries a refused request every second warned 14,402 times in one call, and
 * every one was printed (helper-21: 57,664 lines of output for one test); `call.warnings` keeps
 * them all, this is only how they are shown.
 */
export interface WarningGroup {
  /** The warning as first given (with its turn). */
  first: string
  /** How many times the same warning came. */
  count: number
  /** The turn of the last one, when the warnings carry turns. */
  lastTurn?: number
}

/** `turn 12: …`: the prefix CallSession.warn puts on a warning given during a turn. */
const TURN = /^turn (\d+): /

/** The turn a warning was given in, when it carries one. */
export function turnOfWarning(warning: string): number | undefined {
  const turn = TURN.exec(warning)
  return turn ? Number(turn[1]) : undefined
}

/** A warning as data, for a dashboard: its turn, the rule it cites and whether callspec inferred that rule (null: no rule's warning, such as an unconsumed action). */
export interface WarningDetail {
  turn: number | null
  rule: string | null
  inferred: boolean | null
  text: string
}

/** A warning's turn and rule, read back from the words callspec wrote it in (CallSession.warn, ruleCitation). */
export function warningDetail(warning: string): WarningDetail {
  const cited = citedRule(warning)
  return { turn: turnOfWarning(warning) ?? null, rule: cited?.rule ?? null, inferred: cited?.inferred ?? null, text: warning }
}

/** Warnings grouped by their text without the turn, in the order each was first given. */
export function groupWarnings(warnings: readonly string[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>()
  for (const warning of warnings) {
    const turn = TURN.exec(warning)
    const text = turn ? warning.slice(turn[0].length) : warning
    const group = groups.get(text)
    if (!group) groups.set(text, { first: warning, count: 1, ...(turn ? { lastTurn: Number(turn[1]) } : {}) })
    else {
      group.count++
      if (turn) group.lastTurn = Number(turn[1])
    }
  }
  return [...groups.values()]
}

/** One group as a line: the warning, and how often it came again. */
export function warningLine(group: WarningGroup): string {
  if (group.count === 1) return group.first
  const more = group.count - 1
  const upTo = group.lastTurn === undefined ? '' : `, up to turn ${group.lastTurn.toLocaleString('en-US')}`
  return `${group.first} — and ${more.toLocaleString('en-US')} more time${more > 1 ? 's' : ''}${upTo}`
}

/**
 * At most `max` lines for a list of warnings, repeats counted, with a last line for the rest.
 * `indent`: put before each line; `allIn`: where the reader finds them all.
 */
export function warningLines(warnings: readonly string[], max: number, indent = '  ⚠ ', allIn = 'call.warnings has them all'): string[] {
  const groups = groupWarnings(warnings)
  const shown = groups.slice(0, max).map((g) => `${indent}${warningLine(g)}`)
  const rest = groups.slice(max).reduce((n, g) => n + g.count, 0)
  if (rest > 0) shown.push(`  … and ${rest.toLocaleString('en-US')} more (${allIn})`)
  return shown
}

/** How often the most repeated warning must come before a limit's failure names it. */
const LOOP_COUNT = 10

/**
 * For a call stopped by a limit (turns, virtual time): the warning that came most often, when it
 * came often enough to be what kept the call going (an app retrying a request the platform
 * refuses). Empty otherwise.
 */
export function repeatedWarningHint(warnings: readonly string[]): string {
  let top: WarningGroup | undefined
  for (const group of groupWarnings(warnings)) if (!top || group.count > top.count) top = group
  if (!top || top.count < LOOP_COUNT) return ''
  const text = top.first.replace(TURN, '')
  return ` Meanwhile the same warning came ${top.count.toLocaleString('en-US')} times (is the app repeating what the platform refused or ignored?): ${text}`
}
