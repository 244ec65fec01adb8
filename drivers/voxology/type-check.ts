/**
 * The first reading of a callback answer, before zod sees the shapes: is it `{"actions": [...]}`
 * of action objects with a string `type` (documented; rule voxology/script-shape, an error), and
 * is each type one callspec knows, in UPPERCASE (voxology/action-type-case, inferred), with only
 * prompts inside a COLLECT (rule voxology/action-types)?
 *
 * Voxology names 23 actions and documents only some, and does not say what it does with a type
 * it does not know: callspec skips such an action (and a non-prompt nested in a COLLECT), with a
 * warning, and runs the rest. A known type in another case (`say`) is run as its UPPERCASE type,
 * with a warning. The script the later checks see has those actions taken out, and types recased;
 * `originalPath` maps a path in it back to the app's own script, so every message points at what
 * the app sent.
 */
import type { ValidationIssue } from '../../src/driver/index.js'
import { quoteValue } from '../../src/driver/index.js'
import { closestName } from '../../src/validation/did-you-mean.js'
import { ACTION_TYPES } from './action-types.js'
import type { RuleIssue } from './rules.js'

const PROMPTS = ['SAY', 'PLAY']

export interface TypeCheck {
  /** Problems that leave nothing to run (not a script, an action without a type). */
  issues: ValidationIssue[]
  /** Actions skipped (voxology/action-types) and types read in UPPERCASE (voxology/action-type-case), each at its path in the app's script. */
  skipped: RuleIssue[]
  /** The answer with the skipped actions taken out and types recased (the app's own object when nothing changed). */
  script: unknown
  /** A path in `script` → the same place in the app's answer (`actions[2]` → `actions[3]` after one skipped). */
  originalPath(path: string): string
}

/** The type of a Voxology action answered as the whole answer (`{"type": "SAY", …}`), with no `actions`. */
function oneAction(raw: object): string | undefined {
  const type = (raw as { type?: unknown }).type
  return !('actions' in raw) && typeof type === 'string' && (ACTION_TYPES as readonly string[]).includes(type) ? type : undefined
}

/**
 * Voxology's own actions answered without the script's `{"actions": [ … ]}`: one action as the
 * whole answer, or the list bare. The wrapper is the mistake, which the issue names, not the
 * platform: a newcomer's bare SAY was also asked "is `platform` right?" (helper-180).
 */
export function isUnwrappedScript(raw: unknown): boolean {
  const own = (item: unknown) => typeof item === 'object' && item !== null && !Array.isArray(item) && oneAction(item) !== undefined
  return Array.isArray(raw) ? raw.length > 0 && raw.every(own) : own(raw)
}

export function checkTypes(raw: unknown): TypeCheck {
  const result: TypeCheck = { issues: [], skipped: [], script: raw, originalPath: (path) => path }
  const fail = (issue: ValidationIssue) => ({ ...result, issues: [issue] })
  if (Array.isArray(raw)) return fail({ path: '', message: 'expected a script object {"actions": [...]}, got a bare array (wrap it: {"actions": [...]})' })
  if (typeof raw !== 'object' || raw === null) return fail({ path: '', message: `expected a script object {"actions": [...]}, got ${raw === null ? 'null' : typeof raw}` })
  const actions = (raw as { actions?: unknown }).actions
  if (!Array.isArray(actions)) {
    // There but not an array: the right platform with its `[ ]` forgotten, and what came is said
    // (`received` also tells the first-turn hint this is no other platform's answer; audit voxology-75 F9).
    if (actions !== undefined) {
      const received = quoteValue(actions, 80)
      const kind = actions === null ? 'null' : typeof actions === 'object' ? 'an object' : `a ${typeof actions}`
      const one = typeof actions === 'object' && actions !== null && 'type' in actions ? '; it looks like one action: wrap it in [ ]' : ''
      return fail({ path: 'actions', message: `"actions" must be an array of actions, {"actions": [ … ]}: got ${actions === null ? 'null' : `${kind} (${received})`}${one}`, received })
    }
    const one = oneAction(raw)
    const hint = one ? `: the answer is one action (${one}), not a script; wrap it: {"actions": [{"type": "${one}", …}]}` : 'action' in raw ? ' (the key is "actions", plural)' : ''
    return fail({ path: 'actions', message: `a script needs an "actions" array${hint}` })
  }
  /** Lists that lost actions: their path in the kept script → the original index of each action kept. */
  const kept = new Map<string, number[]>()

  /** The list without skipped actions (the same array when nothing changed); `from`/`to`: its path in the app's script and in the kept one. */
  const walk = (list: unknown, from: string, to: string, promptsOnly: boolean): unknown => {
    if (!Array.isArray(list)) return list
    const out: unknown[] = []
    const indices: number[] = []
    let changed = false
    list.forEach((item, i) => {
      const path = `${from}[${i}]`
      const problem = shapeProblem(item, path)
      if (problem) {
        result.issues.push(problem)
      } else {
        const written = (item as { type: string }).type
        const recased = caseProblem(written)
        if (recased) {
          // Read as its UPPERCASE type (rule voxology/action-type-case, inferred): the rule's level
          // says whether that warns or fails; a skipped one made a script of lower-case actions
          // play nothing, called back until the no-progress limit (newcomer audit h183).
          result.skipped.push({ path: `${path}.type`, ...recased })
          item = { ...(item as object), type: written.toUpperCase() }
          changed = true
        }
        const type = (item as { type: string }).type
        const skip = skipReason(type, promptsOnly)
        if (skip) {
          result.skipped.push({ path: `${path}.type`, ...skip })
          changed = true
          return
        }
        const copy = withNested(item as Record<string, unknown>, path, `${to}[${out.length}]`)
        if (copy !== item) changed = true
        item = copy
      }
      out.push(item)
      indices.push(i)
    })
    if (out.length !== list.length) kept.set(to, indices)
    return changed ? out : list
  }

  /** An IF's branches and a COLLECT's prompts, walked; a copy of the action only if one of them changed. */
  const withNested = (action: Record<string, unknown>, from: string, to: string): Record<string, unknown> => {
    const keys = action.type === 'IF' ? (['then', 'orElse'] as const) : action.type === 'COLLECT' ? (['actions'] as const) : []
    let copy = action
    for (const key of keys) {
      if (!(key in action)) continue
      const list = walk(action[key], `${from}.${key}`, `${to}.${key}`, action.type === 'COLLECT')
      if (list !== action[key]) copy = { ...copy, [key]: list }
    }
    return copy
  }

  const list = walk(actions, 'actions', 'actions', false)
  if (result.issues.length) return result
  if (list !== actions) result.script = { ...raw, actions: list }
  if (kept.size) result.originalPath = (path) => originalPath(path, kept)
  return result
}

/** What is wrong with an item that is not an action object with a string type; undefined when it is one. */
function shapeProblem(item: unknown, path: string): ValidationIssue | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { path, message: `expected an action object such as {"type": "SAY", ...}, got ${quoteValue(item)}` }
  }
  const type = (item as { type?: unknown }).type
  if (type === undefined) return { path: `${path}.type`, message: `action has no type (one of ${ACTION_TYPES.join(', ')})` }
  if (typeof type !== 'string') return { path: `${path}.type`, message: `action type must be a string, got ${quoteValue(type)}` }
  return undefined
}

/**
 * A known type written in another case (say, Hangup): the docs spell every type in UPPERCASE and
 * do not say what the platform does with another case (rule voxology/action-type-case, inferred).
 * callspec runs it as the UPPERCASE type, as redirect-method-case sends "post" as POST.
 */
function caseProblem(type: string): Pick<RuleIssue, 'message' | 'rule'> | undefined {
  const upper = type.toUpperCase()
  if (upper === type || !(ACTION_TYPES as readonly string[]).includes(upper)) return undefined
  return {
    rule: 'voxology/action-type-case',
    message: `action type ${quoteValue(type)} is not upper case: Voxology's action types are UPPERCASE, write "${upper}" (valid: ${ACTION_TYPES.join(', ')}); whether the platform takes another case is not documented (at 'warn' callspec runs it as "${upper}")`,
  }
}

/** Why callspec skips an action of this type here, and under which rule; undefined when it runs it. */
function skipReason(type: string, promptsOnly: boolean): Pick<RuleIssue, 'message' | 'rule'> | undefined {
  if (!(ACTION_TYPES as readonly string[]).includes(type)) {
    // A near miss (SAYY, COLECT) names the type it comes closest to after the list.
    const near = closestName(type, ACTION_TYPES)
    return {
      rule: 'voxology/action-types',
      message: `unknown action type ${quoteValue(type)} (known: ${ACTION_TYPES.join(', ')}${near ? `; did you mean "${near}"?` : ''}): skipped, and the script goes on`,
    }
  }
  if (promptsOnly && !PROMPTS.includes(type)) {
    return { rule: 'voxology/action-types', message: `a COLLECT's actions are its prompts, SAY or PLAY, not ${type}: skipped, and the COLLECT goes on` }
  }
  return undefined
}

/** Rewrites each `[n]` of a path in the kept script to the index the action had in the app's. */
function originalPath(path: string, kept: ReadonlyMap<string, number[]>): string {
  let out = ''
  let keptPrefix = ''
  let last = 0
  for (const m of path.matchAll(/\[(\d+)\]/g)) {
    const before = path.slice(last, m.index)
    keptPrefix += before
    out += before
    const n = Number(m[1])
    out += `[${kept.get(keptPrefix)?.[n] ?? n}]`
    keptPrefix += m[0]
    last = m.index + m[0].length
  }
  return out + path.slice(last)
}
