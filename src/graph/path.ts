import type { Transcript } from '../session/transcript.js'
import type { ActionRecord, ListenRecord } from '../session/types.js'
import { failureHeadline, isTestExpectation } from './failure-headline.js'
import { foldFailure, foldPrompt, hashId, normaliseFailure, normalisePrompt, shorten } from './normalise.js'
import type { GraphEdge, GraphNode } from './types.js'

/** One call as a walk through the graph: nodes[i] --inputs[i]--> nodes[i + 1]. */
export interface CallPath {
  nodes: GraphNode[]
  inputs: Array<Pick<GraphEdge, 'input' | 'kind'>>
}

/** Actions whose names say they connect the caller elsewhere (PATCH, transfer, connect, dial…). */
const TRANSFER = /transfer|patch|connect|dial|forward|bridge|make-?call/i
const PHONE = /^\+?[1-9]\d{6,14}$/

/**
 * Reads one call's transcript as a path: each point the platform listened at is a node, each
 * thing the caller did there an edge, and the call's end (a hang-up, a transfer, a failure) the
 * last node. Uses only the vendor-neutral records every driver fills in.
 */
export function pathOf(transcript: Transcript, failure?: unknown): CallPath {
  const actions = transcript.actions()
  const listens = transcript.listens
  const direction = transcript.header.parties.direction
  const nodes: GraphNode[] = [{ id: 'start', kind: 'start', label: `${direction} call` }]
  const inputs: CallPath['inputs'] = [{ input: 'call', kind: 'call' }]
  let previous = -1
  for (const [i, record] of listens.entries()) {
    // Listening on a call the app connected elsewhere (keys on a bridged call) is no menu.
    if (actions.slice(previous + 1, record.actionIndex + 1).some((a) => transferTarget(transcript, a))) break
    nodes.push(menuNode(actions, previous, record))
    previous = record.actionIndex
    const input = record.input ?? (i < listens.length - 1 ? { kind: 'silence' as const } : undefined)
    if (!input) {
      // The call stopped while the platform listened (an explorer probe, or a test ending there).
      if (failure === undefined) return { nodes, inputs }
      break
    }
    inputs.push(edgeInput(input))
  }
  nodes.push(endNode(transcript, actions.slice(previous + 1), failure))
  if (inputs.length < nodes.length - 1) inputs.push({ input: 'failure', kind: 'silence' })
  return { nodes, inputs }
}

export function edgeInput(input: NonNullable<ListenRecord['input']>): Pick<GraphEdge, 'input' | 'kind'> {
  switch (input.kind) {
    case 'digits':
      return { input: input.value ?? '', kind: 'digits' }
    case 'speech':
      return { input: JSON.stringify(input.value ?? ''), kind: 'speech' }
    case 'silence':
      return { input: 'timeout', kind: 'silence' }
    case 'hangup':
      return { input: 'hangup', kind: 'hangup' }
  }
}

/**
 * The prompt at each point pathOf makes a menu of, as the caller heard it (numbers not folded), in
 * the order of its menu nodes: the explorer matches hints against it as well as the normalised
 * prompt, since a hint is written with the words a tester hears ("the last 4 digits"), and folded
 * they read "the last # digits" (helper-137 finding 02).
 */
export function heardAtMenus(transcript: Transcript): string[] {
  const actions = transcript.actions()
  let previous = -1
  return transcript.listens.map((record) => {
    const heard = playedAt(actions, previous, record).join(' / ')
    previous = record.actionIndex
    return heard
  })
}

/** The prompts played since the last listening point, up to the action that listens at this one. */
function playedAt(actions: ActionRecord[], previous: number, record: ListenRecord): string[] {
  const from = record.actionIndex > previous ? previous + 1 : record.actionIndex
  return actions.slice(Math.max(0, from), record.actionIndex + 1).flatMap((a) => a.prompts.map((p) => p.text))
}

function menuNode(actions: ActionRecord[], previous: number, record: ListenRecord): GraphNode {
  const played = playedAt(actions, previous, record)
  const prompt = normalisePrompt(played.join(' / '))
  const action = actions[record.actionIndex]?.name ?? '(before any action)'
  // Not normalised: a capture's "try 2 of 3" is a different point from its first try.
  const listening = record.listening.describe
  return {
    // The id folds the menu keys the prompt keeps (`Press 1 …` is `Press # …` there): the ids of
    // graphs saved before labels kept them.
    id: `m${hashId(`${action}|${foldPrompt(played.join(' / '))}|${listening}`)}`,
    kind: 'menu',
    label: shorten(prompt || `${action}: ${listening}`),
    prompt,
    action,
    listening,
    digits: record.listening.digits,
    speech: record.listening.speech,
    ...(record.listening.maxDigits !== undefined && { maxDigits: record.listening.maxDigits }),
    ...(record.listening.terminator !== undefined && { terminator: record.listening.terminator }),
  }
}

function endNode(transcript: Transcript, after: ActionRecord[], failure: unknown): GraphNode {
  if (failure !== undefined) {
    // Numbers folded as in menus (a port, an amount): a rerun's failure is the same node. HTTP
    // statuses are kept: a 500 and a 503 are different failures. The id is the whole headline's,
    // so failures alike in their first words stay apart.
    const headline = failureHeadline(failure)
    const node: GraphNode = { id: `f${hashId(foldFailure(headline))}`, kind: 'failure', label: `✖ ${shorten(normaliseFailure(headline), 80)}` }
    return isTestExpectation(failure) ? { ...node, byTest: true } : node
  }
  const transfer = after.find((a) => transferTarget(transcript, a))
  if (transfer) {
    const number = transferTarget(transcript, transfer)!
    const label = `${transfer.name} → ${number}`
    return { id: `t${hashId(label)}`, kind: 'transfer', label, number }
  }
  const end = transcript.end
  if (!end && after.length === 0) return { id: 'eignored', kind: 'end', label: 'no reaction: the platform still listens' }
  // What the caller last heard tells one ending from another (confirmed, cancelled, goodbye…).
  // The label keeps menu keys, the id folds them (as a menu's).
  const ending = (fold: (text: string) => string) => {
    const heard = after.flatMap((a) => a.prompts).map((p) => fold(p.text))
    const said = heard.length ? `"${shorten(heard[0]!, 50)}"${heard.length > 1 ? ' …' : ''}, then ` : ''
    const label = !end ? 'call still live, no more input' : end.by === 'caller' ? 'caller hung up' : `${said}ended by ${end.by}: ${fold(end.reason)}`
    return { label, heard }
  }
  const folded = ending(foldPrompt)
  return { id: `e${hashId(`${folded.label}|${folded.heard.join('/')}`)}`, kind: 'end', label: ending(normalisePrompt).label }
}

/**
 * The number an action connects the caller to, if it is a transfer: its name says it dials, and
 * it names a number that is neither party's (an outbound call's own make-call is no transfer).
 */
function transferTarget(transcript: Transcript, action: ActionRecord): string | undefined {
  if (!TRANSFER.test(action.name)) return undefined
  const { from, to } = transcript.header.parties
  return phoneIn(action.raw, new Set([from, to, from.replace(/^\+/, ''), to.replace(/^\+/, '')]))
}

/** The first phone number in an action's fields that is neither party's (the transfer target). */
export function phoneIn(value: unknown, parties: ReadonlySet<string>, depth = 0): string | undefined {
  if (typeof value === 'string') return PHONE.test(value) && !parties.has(value) ? value : undefined
  if (depth > 4 || typeof value !== 'object' || value === null) return undefined
  for (const v of Object.values(value)) {
    const found = phoneIn(v, parties, depth + 1)
    if (found) return found
  }
  return undefined
}
