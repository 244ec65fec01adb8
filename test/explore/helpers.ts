import { explore, type ExploreConfig, type ExploreResult } from '../../src/index.js'

export const EXAMPLES = ['webex-pin-ivr', 'enablex-ivr', 'voxology-survey', 'voxology-guessing-game', '8x8-appointment-reminder', '8x8-number-masking'] as const

export async function loadConfig(name: string): Promise<ExploreConfig> {
  return ((await import(`../../examples/explorer/${name}.explore.ts`)) as { default: ExploreConfig }).default
}

/** Explores an example once per test file (the result is shared by its assertions). */
const cache = new Map<string, Promise<ExploreResult>>()
export function explored(name: string): Promise<ExploreResult> {
  let result = cache.get(name)
  if (!result) {
    result = loadConfig(name).then((config) => explore(config.target, config.options))
    cache.set(name, result)
  }
  return result
}

/** `input → where it led` for every edge leaving the menu whose prompt matches `prompt`. */
export function edgesAt(result: ExploreResult, prompt: RegExp): string[] {
  const node = result.graph.nodes.find((n) => n.kind === 'menu' && prompt.test(n.prompt ?? ''))
  if (!node) throw new Error(`no menu matches ${prompt}; menus: ${result.graph.nodes.map((n) => n.label).join(' | ')}`)
  return result.graph.edges.filter((e) => e.from === node.id).map((e) => `${e.input} → ${result.graph.nodes.find((n) => n.id === e.to)!.label}`)
}
