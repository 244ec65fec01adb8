import type { GraphEdge, GraphNode } from '../graph/types.js'
import type { Explorer } from './explorer.js'
import type { WrittenStep } from '../scenario/written-steps.js'
import { walk as walkPath } from './emit.js'
import { inputStep } from './emit-scenarios.js'
import { stepOf } from './inputs.js'
import { jsLiteral } from '../utils/js-literal.js'
import { callOptionsOf } from './replay.js'
import { callerChain, callerNumbersOf } from './caller-numbers.js'
import type { ExploreOptions, Finding, ProbeInput } from './types.js'

/** A node a call can leave the IVR by: the app's hang-up or a transfer (not the caller's hang-up). */
const exits = (node: GraphNode | undefined) =>
  node !== undefined && (node.kind === 'transfer' || (node.kind === 'end' && node.label !== 'caller hung up' && node.id !== 'eignored'))

/** Chain text that replays `inputs` (the setup, if any, is the user's own). */
export function reproOf(ex: Explorer, inputs: readonly ProbeInput[], seed = ex.seedOf(inputs)): string {
  // A setup of numbers (callspec explore --from/--to) is written out; the user's own code is named.
  const numbers = callerNumbersOf(ex.options.setup)
  const setup = numbers ? callerChain(numbers) : ex.options.setup ? '\n  /* …your setup(): fromCaller(), startedBy()… */' : ''
  // Each input once the app has answered the one before, as the explorer placed it (probe.ts).
  const steps = inputs.map((i, k) => `${k > 0 && i.kind !== 'hangup' ? '\n  .untilListening()' : ''}\n  ${stepOf(i)}`).join('')
  return `callTo(app, ${replayOptionsText(ex.options, seed)})${setup}${steps}\n  .untilListening()`
}

/**
 * The options of a finding's replay, as code: the exploration's own call options (its
 * webhookPath, vendor, headers…: without them the replay missed the app's route and failed on
 * turn 1 with a 404, newcomer audit-119), the seed, and `unconsumed: 'ignore'`. An option that
 * is no data (a PlatformServer, an agent's handle) is named for the user to pass.
 */
function replayOptionsText(options: ExploreOptions, seed: number): string {
  const { platform, seed: _seed, ...given } = callOptionsOf(options)
  const entries = [`platform: ${jsLiteral(platform)}`]
  const yours: string[] = []
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue
    const text = jsLiteral(value)
    if (text === undefined) yours.push(key)
    else entries.push(`${key}: ${text}`)
  }
  entries.push(`seed: ${seed}`, "unconsumed: 'ignore'")
  const note = yours.length > 0 ? ` /* …and your ${yours.join(', ')} */` : ''
  return `{ ${entries.join(', ')}${note} }`
}

function finding(ex: Explorer, kind: Finding['kind'], node: string, message: string, inputs: readonly ProbeInput[], seed = ex.seedOf(inputs)): Finding {
  const scenario = pacedSteps(ex, inputs, seed)
  return { kind, message, node, steps: inputs.map(stepOf).map((s) => s.slice(1)), inputs: [...inputs], seed, repro: reproOf(ex, inputs, seed), ...(scenario && { scenarioSteps: scenario }) }
}

/**
 * The inputs as scenario steps, with the actions the app sent before each expected by name (read
 * off the call the explorer placed): a scenario's `press` goes in when the platform listens,
 * so two presses in a row join into one entry where the platform is still gathering keys (EnableX).
 * Undefined when that call is not at hand or took a turn its inputs do not explain.
 */
function pacedSteps(ex: Explorer, inputs: readonly ProbeInput[], seed: number): WrittenStep[] | undefined {
  if (inputs.length < 2) return undefined
  const probe = ex.probes.find((p) => p.seed === seed && p.transcript && p.inputs.length === inputs.length && p.inputs.every((input, k) => stepOf(input) === stepOf(inputs[k]!)))
  if (!probe) return undefined
  const { items, aligned } = walkPath(probe)
  if (!aligned) return undefined
  // From the start of the call: a scenario's expect takes the app's next action, not a later one.
  return items.map((item) => (item.kind === 'input' ? inputStep(item.input) : { kind: 'expect', action: item.action.name, prompts: item.action.prompts.map((p) => p.text) }))
}

/**
 * Confirms suspected retry loops by running them: from each menu, a caller who keeps timing out
 * (or keeps entering something wrong) `loopRepeats` times. If the call is still at a menu after
 * that, the loop is endless. Each run adds what it saw to the graph, so a loop that ends (three
 * wrong PINs, then goodbye) shows its way out there.
 */
export async function verifyLoops(ex: Explorer): Promise<Finding[]> {
  const repeats = ex.options.loopRepeats ?? 8
  const graph = ex.builder
  const out: Finding[] = []
  const reported = new Set<string>()
  for (const id of [...ex.expanded]) {
    for (const label of ['timeout', 'invalid', 'other speech']) {
      const cycle = walk(ex, id, label)
      if (!cycle) continue
      const key = `${label}:${[...cycle].sort().join(',')}`
      if (reported.has(key)) continue
      const input = ex.inputFor(id, label === 'invalid' ? (graph.edgesFrom(id).find((e) => e.input === 'invalid')?.input ?? label) : label)
      if (!input) continue
      const reach = ex.reached.get(id)!.inputs
      const inputs = [...reach, ...Array.from({ length: repeats }, () => input)]
      const probe = await ex.probe(inputs)
      if (!probe) return out
      const last = graph.node(probe.nodes.at(-1)!)
      if (last?.kind !== 'menu') continue
      reported.add(key)
      const what = label === 'timeout' ? `A caller who says nothing at ${ex.describe(id)}` : `A caller who keeps entering something wrong (${stepOf(input).slice(1)}) at ${ex.describe(id)}`
      out.push(
        finding(
          ex,
          'endless-loop',
          id,
          `${what} is prompted again and again: after ${repeats} times the call is still at ${ex.describe(last.id)}, never hung up or transferred. Cap the retries.`,
          inputs,
        ),
      )
    }
  }
  return out
}

/** Follows `label` edges from `id`: the nodes of the cycle it falls into, or undefined if it leaves. */
function walk(ex: Explorer, id: string, label: string): Set<string> | undefined {
  const seen: string[] = []
  let current = id
  for (;;) {
    const at = seen.indexOf(current)
    if (at >= 0) return new Set(seen.slice(at))
    seen.push(current)
    const edge = ex.builder.edgesFrom(current).find((e) => e.input === label)
    if (!edge) return undefined
    const next = ex.builder.node(edge.to)
    if (next?.kind !== 'menu') return undefined
    current = next.id
  }
}

/** Everything else a tester must look at, read off the explored graph. */
export function graphFindings(ex: Explorer): Finding[] {
  const out: Finding[] = []
  const graph = ex.builder.graph()
  const reach = (id: string) => ex.reached.get(id)?.inputs ?? []
  const firstProbeTo = (id: string) => ex.probes.filter((p) => p.nodes.at(-1) === id).sort((a, b) => a.inputs.length - b.inputs.length)[0]

  for (const node of graph.nodes) {
    const probe = firstProbeTo(node.id)
    if (!probe) continue
    if (node.kind === 'failure') {
      const message = probe.failure instanceof Error ? probe.failure.message.split('\n\n')[0]! : String(probe.failure)
      out.push(finding(ex, 'app-error', node.id, `The call fails: ${message}`, probe.inputs, probe.seed))
    }
    if (node.kind === 'transfer') out.push(finding(ex, 'transfer', node.id, `The call is transferred: ${node.label}.`, probe.inputs, probe.seed))
  }

  for (const edge of graph.edges) {
    if (edge.to === 'eignored') {
      const probe = ex.probes.find((p) => p.nodes.at(-1) === 'eignored' && p.nodes.at(-2) === edge.from)
      if (probe) out.push(finding(ex, 'ignored-input', edge.from, `At ${ex.describe(edge.from)} the app does nothing with ${edgeText(edge)}: no action, the platform just keeps listening.`, probe.inputs, probe.seed))
    } else if (edge.to === edge.from && edge.kind !== 'call' && !saysMoreThanTheMenu(ex, edge.from)) {
      out.push(
        finding(ex, 'repeated-prompt', edge.from, `On ${edgeText(edge)}, ${ex.describe(edge.from)} is played again word for word: say what went wrong, or move on.`, [
          ...reach(edge.from),
          ex.inputFor(edge.from, edge.input) ?? { kind: 'silence' },
        ]),
      )
    }
  }

  // Dead ends: menus from which no input (short of the caller hanging up) ever leads out.
  const dead = new Set<string>()
  for (const node of graph.nodes) {
    if (node.kind !== 'menu' || !ex.expanded.has(node.id)) continue
    const { found, complete } = leadsOut(ex, node.id)
    if (!found && complete) dead.add(node.id)
  }
  for (const id of dead) {
    const parent = ex.reached.get(id)?.parent
    if (parent && dead.has(parent)) continue
    out.push(finding(ex, 'dead-end', id, `No input at ${ex.describe(id)} leads anywhere but back into the menu: the only way out is for the caller to hang up.`, reach(id)))
  }
  return out
}

/**
 * Whether the app plays another prompt before the menu's own on the way into `id` (its apology,
 * "Sorry, that is not a valid choice.", then the menu): the menu is played again, but not word for
 * word only. Read off a call that reached `id`: the prompts of the actions from the previous
 * listening point to this one.
 */
function saysMoreThanTheMenu(ex: Explorer, id: string): boolean {
  for (const probe of ex.probes) {
    const k = probe.nodes.indexOf(id)
    const listens = probe.transcript?.listens
    // nodes[0] is the start; nodes[k] is listening point k - 1 of the call (graph/path.ts).
    if (k < 1 || !listens || !listens[k - 1]) continue
    const record = listens[k - 1]!
    const previous = k > 1 ? listens[k - 2]!.actionIndex : -1
    if (record.actionIndex <= previous) continue
    const played = probe.transcript!.actions().slice(previous + 1, record.actionIndex + 1).flatMap((a) => a.prompts)
    return played.length > 1
  }
  return false
}

/** Whether an exit is reachable from `id` without the caller hanging up; `complete`: every menu on the way was explored. */
function leadsOut(ex: Explorer, id: string): { found: boolean; complete: boolean } {
  const seen = new Set([id])
  const queue = [id]
  let complete = true
  while (queue.length > 0) {
    const current = queue.shift()!
    if (!ex.expanded.has(current)) complete = false
    for (const edge of ex.builder.edgesFrom(current)) {
      if (edge.kind === 'hangup') continue
      const next = ex.builder.node(edge.to)
      if (exits(next)) return { found: true, complete }
      if (next?.kind === 'menu' && !seen.has(next.id)) {
        seen.add(next.id)
        queue.push(next.id)
      }
    }
  }
  return { found: false, complete }
}

function edgeText(edge: GraphEdge): string {
  if (edge.input === 'timeout') return 'silence until the timeout'
  if (edge.input === 'invalid') return `an invalid entry (${(edge.keys ?? []).join(' ')})`
  return edge.kind === 'speech' ? `saying ${edge.input}` : `pressing ${edge.input}`
}
