import type { CallFlow } from '../dsl/call-flow.js'
import type { CallOptions } from '../dsl/flow-config.js'
import type { AnyDriver } from '../driver/types.js'
import { GraphBuilder } from '../graph/graph-builder.js'
import { heardAtMenus, pathOf, type CallPath } from '../graph/path.js'
import type { GraphEdge, GraphNode } from '../graph/types.js'
import type { AppTarget } from '../transport/types.js'
import { realDateNow } from '../clock/real-timers.js'
import { seedFrom } from '../utils/random.js'
import { hintMatches, inputsFor, labelOf, stepOf } from './inputs.js'
import { inputsTaken, runProbe, withInputs } from './probe.js'
import { replayCall } from './replay.js'
import type { ExploreOptions, ExploreStats, Probe, ProbeInput } from './types.js'

export type CallToFn = (target: AppTarget, options: CallOptions<any>) => CallFlow<AnyDriver>

/** An edge label the explorer folded: the keys that all did what its wrong entry did. */
interface Alias {
  input: string
  invalid: true
  keys: string[]
}

/** A node once reached: the shortest inputs that reach it. */
interface Reached {
  inputs: ProbeInput[]
  parent: string | undefined
}

/**
 * Breadth-first over the IVR's listening points: reach each new point by replaying the shortest
 * inputs that found it, then try every input there, one call each. Bounded by calls, depth and
 * real time; the state it keeps is the graph and how each node was first reached.
 */
export class Explorer {
  readonly builder: GraphBuilder
  readonly reached = new Map<string, Reached>()
  readonly expanded = new Set<string>()
  readonly probes: Probe[] = []
  /**
   * The calls' warnings, each once (a rule at warn, most often one callspec inferred where the
   * vendor is silent): not findings, and not printed call by call, where the same one came once
   * per call placed (audit h124); the report lists them once. Keyed by their text with the call's
   * own ids left out (callIdsOut): one that quotes the app's request carries its call's voice_id,
   * and came once per call all the same (audit h212: EnableX `unknown-keys` 15 times over).
   */
  readonly warnings = new Map<string, string>()
  /**
   * Each menu's prompt as the caller heard it on the first call that reached it: hints are matched
   * against it as well as the node's normalised prompt, which folds the numbers a tester writes.
   */
  readonly heard = new Map<string, string>()
  readonly #aliases = new Map<string, Map<string, Alias>>()
  readonly #frontier: string[] = []
  // Real time: an in-process app's calls fake Date while they run.
  readonly #started = realDateNow()
  #calls = 0
  #stoppedBy: ExploreStats['stoppedBy']
  #unexpanded = 0

  constructor(
    readonly callTo: CallToFn,
    readonly target: AppTarget,
    readonly options: ExploreOptions,
    /**
     * The exploration fitted to the test's timeout (explore.ts): no call starts with less than
     * `minCallMs` left before `endsAt` (Date.now() ms), the end its calls fit their waits to.
     */
    readonly fit?: { endsAt: number; minCallMs: number; by: 'timeLimitMs' | 'testTimeout' },
  ) {
    this.builder = new GraphBuilder(options.platform)
  }

  get seed(): number {
    return this.options.seed ?? 1
  }

  /**
   * Each call's seed comes from the explorer's seed and the call's inputs: calls placed at once get
   * distinct call ids, and a finding's seed replays exactly its call.
   */
  seedOf(inputs: readonly ProbeInput[]): number {
    return seedFrom(`${this.seed}:${inputs.map(stepOf).join('')}`)
  }

  /** Explores until every reachable node is expanded or a bound stops it. */
  async run(): Promise<void> {
    await this.probe([])
    const maxDepth = this.options.maxDepth ?? 8
    while (this.#frontier.length > 0 && !this.#stopped()) {
      const id = this.#frontier.shift()!
      const { inputs } = this.reached.get(id)!
      if (inputs.length >= maxDepth) {
        this.#unexpanded++
        continue
      }
      const node = this.builder.node(id)!
      const tries = inputsFor(node, this.options.hints ?? {}, this.options.keys ?? '0123456789*#', this.heard.get(id))
      const probed = await this.probeAll(tries.map((t) => [...inputs, t]))
      // A menu a bound cut short (time, calls) is not explored: a dead end is said only of a menu
      // whose every input was tried. Before, a --time-limit that stopped the exploration after the
      // first key of a hung menu reported it a dead end ("No input … leads anywhere but back").
      if (probed.length < tries.length) break
      this.expanded.add(id)
      // A one-key menu folds its keys; its made-up wrong speech ("banana") is still "other speech",
      // or the check for endless loops (findings.ts) never follows it.
      if (tries.some((t) => t.kind === 'digits' && t.value === '0' && !t.invalid)) this.#foldKeys(id)
      this.#aliasWrongEntries(id, tries)
      if (!(await this.#throughSameMenu(id, inputs, tries, maxDepth))) break
    }
  }

  /**
   * A menu is known by its prompt and what the platform listens for: a key that plays the very
   * same menu again leads, as far as the caller can tell, back to it. But an app may serve two
   * menus that read and listen alike and take different keys (a submenu "Press 1 or 2." under a
   * main menu "Press 1 or 2."): measured, the explorer never pressed a key after the 1 that
   * reached the second, and its transfer on 2 went unreported. So at a one-key menu, each key the
   * menu took as an option (not folded with the wrong keys) that led back to it is followed by
   * every input once more: what the second one does differently joins the graph (an edge of the
   * same menu to where it led, and its findings). False when a bound stopped it.
   */
  async #throughSameMenu(id: string, inputs: ProbeInput[], tries: ProbeInput[], maxDepth: number): Promise<boolean> {
    if (inputs.length + 2 > maxDepth) return true
    const again = this.builder.edgesFrom(id).filter((e) => e.to === id && e.kind === 'digits' && e.input.length === 1 && !e.invalid)
    for (const e of again) {
      const via: ProbeInput = { kind: 'digits', value: e.input }
      const probed = await this.probeAll(tries.map((t) => [...inputs, via, t]))
      if (probed.length < tries.length) return false
    }
    return true
  }

  /** Runs calls `concurrency` at a time; results are recorded in the order given, so runs repeat. */
  async probeAll(paths: ProbeInput[][]): Promise<Array<Probe | undefined>> {
    const out: Array<Probe | undefined> = []
    const width = this.options.concurrency ?? 1
    for (let i = 0; i < paths.length; i += width) {
      const batch = paths.slice(i, i + width).filter(() => this.#take())
      const results = await Promise.all(batch.map((inputs) => this.#call(inputs)))
      for (const r of results) out.push(this.#record(r.inputs, r.seed, r.run))
      if (batch.length < Math.min(width, paths.length - i)) break
    }
    return out
  }

  async probe(inputs: ProbeInput[]): Promise<Probe | undefined> {
    return (await this.probeAll([inputs]))[0]
  }

  stats(): ExploreStats {
    const graph = this.builder.graph()
    return {
      calls: this.#calls,
      menus: graph.nodes.filter((n) => n.kind === 'menu').length,
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      depth: Math.max(0, ...this.probes.map((p) => p.inputs.length)),
      wallMs: realDateNow() - this.#started,
      ...(this.#stoppedBy && { stoppedBy: this.#stoppedBy }),
      explored: this.expanded.size,
      unexpanded: this.#unexpanded + this.#frontier.length,
    }
  }

  /** The representative input for an edge label at a node (a folded key stands for its group). */
  inputFor(node: string, label: string): ProbeInput | undefined {
    if (label === 'timeout') return { kind: 'silence' }
    if (label === 'hangup') return { kind: 'hangup' }
    const alias = this.#aliases.get(node)
    const folded = alias && [...alias.entries()].find(([, a]) => a.input === label)
    const raw = folded ? folded[0] : label
    if (raw.startsWith('"')) return { kind: 'speech', value: JSON.parse(raw) as string }
    return { kind: 'digits', value: raw }
  }

  #take(): boolean {
    if (this.#stopped()) return false
    this.#calls++
    return true
  }

  #stopped(): boolean {
    if (this.#stoppedBy) return true
    const now = realDateNow()
    if (this.#calls >= (this.options.maxCalls ?? 300)) this.#stoppedBy = 'maxCalls'
    else if (now - this.#started > (this.options.timeLimitMs ?? 60_000)) this.#stoppedBy = 'timeLimitMs'
    else if (this.fit && this.fit.endsAt - now < this.fit.minCallMs) this.#stoppedBy = this.fit.by
    return this.#stoppedBy !== undefined
  }

  /** The test ended (its runner's timeout) with the exploration still running: no call starts after it. */
  stopAtTestEnd(): void {
    this.#stoppedBy ??= 'testTimeout'
  }

  async #call(inputs: ProbeInput[]) {
    const seed = this.seedOf(inputs)
    // Printed once in the report, not per call, unless the exploration asks for them (`warnings: 'print'`).
    const options = this.options.warnings === undefined ? { ...this.options, warnings: 'silent' as const } : this.options
    const flow = replayCall(this.callTo, this.target, options, seed)
    const run = await runProbe(withInputs(flow, inputs))
    for (const entry of run.transcript?.entries ?? []) if (entry.kind === 'warning' && !this.warnings.has(callIdsOut(entry.text))) this.warnings.set(callIdsOut(entry.text), entry.text)
    return { inputs, seed, run }
  }

  #record(inputs: ProbeInput[], seed: number, run: Awaited<ReturnType<typeof runProbe>>): Probe {
    if (!run.transcript) throw run.failure
    // A call that ended before its last inputs is the path of the inputs it took.
    if (run.endedEarly) inputs = inputs.slice(0, inputsTaken(run.transcript, inputs))
    const path = this.#aliased(pathOf(run.transcript, run.failure))
    this.builder.addPath(path)
    const probe: Probe = {
      inputs,
      transcript: run.transcript,
      failure: run.failure,
      nodes: path.nodes.map((n) => n.id),
      edges: path.inputs.map((i) => i.input),
      seed,
    }
    this.probes.push(probe)
    const consistent = path.inputs.length - 1 === inputs.length
    // pathOf's menus are the transcript's listening points, in order, after its start node.
    const heard = heardAtMenus(run.transcript)
    for (const [k, node] of path.nodes.entries()) if (node.kind === 'menu' && !this.heard.has(node.id)) this.heard.set(node.id, heard[k - 1] ?? '')
    for (const [k, node] of path.nodes.entries()) {
      if (node.kind !== 'menu' || this.reached.has(node.id)) continue
      const via = consistent ? inputs.slice(0, k - 1) : inputs
      this.reached.set(node.id, { inputs: via, parent: path.nodes[k - 1]?.id })
      this.#frontier.push(node.id)
    }
    return probe
  }

  /** Edge labels of a probe as the graph finally has them (keys folded after the probe ran). */
  relabel(probe: Probe): void {
    probe.edges = probe.edges.map((label, i) => this.#aliases.get(probe.nodes[i]!)?.get(label)?.input ?? label)
  }

  #aliased(path: CallPath): CallPath {
    const inputs = path.inputs.map((input, i) => {
      const alias = this.#aliases.get(path.nodes[i]!.id)?.get(input.input)
      return alias ? { ...input, ...alias } : input
    })
    return { nodes: path.nodes, inputs }
  }

  /**
   * At a one-key menu, the keys that all led to the same place, when three or more did, are the
   * menu's "invalid" entry: one edge, listing its keys.
   */
  #foldKeys(id: string): void {
    const edges = this.builder.edgesFrom(id)
    const byTarget = new Map<string, GraphEdge[]>()
    for (const e of edges) if (e.kind === 'digits' && e.input.length === 1) byTarget.set(e.to, [...(byTarget.get(e.to) ?? []), e])
    const largest = [...byTarget.values()].sort((a, b) => b.length - a.length)[0]
    if (!largest || largest.length < 3) return
    const keys = largest.map((e) => e.input)
    const alias: Alias = { input: 'invalid', invalid: true, keys }
    this.#aliases.set(id, new Map(keys.map((k) => [k, alias])))
    const folded: GraphEdge = { ...largest[0]!, ...alias, count: largest.reduce((n, e) => n + e.count, 0) }
    this.builder.replaceEdgesFrom(id, edges.filter((e) => !largest.includes(e)).concat(folded))
  }

  /** At an entry, the explorer's deliberately wrong value is shown as `invalid`. */
  #aliasWrongEntries(id: string, tries: ProbeInput[]): void {
    const wrong = tries.filter((t): t is Extract<ProbeInput, { invalid?: boolean }> => 'invalid' in t && t.invalid === true)
    if (wrong.length === 0) return
    // Added to the folded keys' aliases, if any.
    const map = this.#aliases.get(id) ?? new Map<string, Alias>()
    for (const w of wrong) {
      const label = labelOf(w)
      map.set(label, { input: w.kind === 'speech' ? 'other speech' : 'invalid', invalid: true, keys: [label] })
    }
    this.#aliases.set(id, map)
    const edges = this.builder.edgesFrom(id).map((e) => {
      const a = map.get(e.input)
      return a ? { ...e, ...a } : e
    })
    this.builder.replaceEdgesFrom(id, edges)
  }

  /**
   * The hints that matched no prompt of the graph, as heard or normalised: never entered, and
   * the branch they were written for never explored; said at the end of the report, which before
   * said nothing of them (helper-137 finding 02).
   */
  unmatchedHints(): string[] {
    const menus = this.builder.graph().nodes.filter((n) => n.kind === 'menu')
    return Object.keys(this.options.hints ?? {}).filter((key) => !menus.some((n) => hintMatches(key, n, this.heard.get(n.id))))
  }

  /** How node `id` is described in messages. */
  describe(id: string): string {
    const node: GraphNode | undefined = this.builder.node(id)
    return node ? `"${node.label}"` : id
  }
}

/** A text with the ids a call draws (UUIDs: voice ids, call ids, session ids) as one placeholder. */
const callIdsOut = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
