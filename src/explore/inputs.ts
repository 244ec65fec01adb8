import type { GraphNode } from '../graph/types.js'
import type { ProbeInput } from './types.js'
import { escapeRegExp } from '../utils/escape-regexp.js'
import { offeredWords } from './offered-words.js'

const DIGITS = /^[0-9*#]+$/

/** Parses a hint key: `/regexp/flags`, or a plain piece of the prompt (any case). */
export function hintMatcher(key: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/.exec(key)
  if (literal) return new RegExp(literal[1]!, literal[2])
  return new RegExp(escapeRegExp(key), 'i')
}

/**
 * Whether hint `key` matches the prompt at `node`: its normalised prompt (numbers folded to `#`), or
 * the prompt as the caller heard it. A tester writes a hint with the words they hear ("last 4
 * digits"), which the folded prompt ("last # digits") never matched (helper-137 finding 02).
 */
export function hintMatches(key: string, node: GraphNode, heard?: string): boolean {
  // A fresh RegExp for each text: a /…/g hint's lastIndex would carry over from one test to the next.
  return [node.prompt ?? node.label, heard].some((text) => text !== undefined && hintMatcher(key).test(text))
}

/** The values the hints give for this prompt (`heard`: the prompt as the caller heard it). */
export function hintsFor(node: GraphNode, hints: Record<string, string | readonly string[]>, heard?: string): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(hints)) {
    if (hintMatches(key, node, heard)) out.push(...(typeof value === 'string' ? [value] : value))
  }
  return out
}

/**
 * What to try at a listening point: each key at a one-key menu; at an entry (a PIN, an account
 * number) the hinted values and one wrong entry; where the menu takes speech, the hinted
 * utterances, the words its prompt offers, and one unexpected utterance; then silence until the timeout, and a hang-up.
 */
export function inputsFor(node: GraphNode, hints: Record<string, string | readonly string[]>, keys: string, heard?: string): ProbeInput[] {
  const hinted = hintsFor(node, hints, heard)
  const out: ProbeInput[] = []
  if (node.digits) {
    const given = hinted.filter((h) => DIGITS.test(h))
    // A one-key menu: the app says so (max 1), or says nothing that makes it an entry.
    const oneKey = node.maxDigits === 1 || (node.maxDigits === undefined && !node.terminator && given.length === 0)
    if (oneKey) {
      for (const key of keys) out.push({ kind: 'digits', value: key })
    } else {
      for (const value of given) out.push({ kind: 'digits', value })
      out.push({ kind: 'digits', value: wrongEntry(node, given), invalid: true })
    }
  }
  if (node.speech) {
    const said = hinted.filter((h) => !DIGITS.test(h))
    // Then the words the prompt offers (offered-words.ts, a heuristic): a branch reached by a spoken word alone.
    const offered = offeredWords(heard ?? node.prompt ?? node.label).filter((w) => !said.some((h) => h.toLowerCase() === w))
    for (const value of [...said, ...offered]) out.push({ kind: 'speech', value })
    out.push({ kind: 'speech', value: 'banana', invalid: true })
  }
  out.push({ kind: 'silence' }, { kind: 'hangup' })
  return out
}

/** A plausible but wrong entry: as long as a hint (or maxDigits, or 4), ended by the terminator. */
function wrongEntry(node: GraphNode, given: string[]): string {
  const body = given[0]?.replace(/[#*]$/, '') ?? ''
  const length = body.length || (node.maxDigits && node.maxDigits > 1 ? node.maxDigits : 4)
  let value = '9'.repeat(length)
  if (value === body) value = '8'.repeat(length)
  return node.terminator && node.terminator !== 'none' ? `${value}${node.terminator}` : value
}

/** The input as a DSL step, for reproducing steps and emitted tests. */
export function stepOf(input: ProbeInput): string {
  switch (input.kind) {
    case 'digits':
      return `.pressDigits('${input.value}')`
    case 'speech':
      return `.say(${JSON.stringify(input.value)})`
    case 'silence':
      return '.waitForTimeout()'
    case 'hangup':
      return '.untilListening().hangUp()'
  }
}

/** The input as the graph's edge label. */
export function labelOf(input: ProbeInput): string {
  switch (input.kind) {
    case 'digits':
      return input.value
    case 'speech':
      return JSON.stringify(input.value)
    case 'silence':
      return 'timeout'
    case 'hangup':
      return 'hangup'
  }
}
