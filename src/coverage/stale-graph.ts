import type { CallGraph } from '../graph/types.js'
import type { CoverageReport } from './compute.js'

/** Labels quoted in a warning, at most. */
const NAMED = 2

const named = (labels: string[]) => `${labels.slice(0, NAMED).map((l) => JSON.stringify(l)).join(', ')}${labels.length > NAMED ? ', …' : ''}`

/**
 * Why a saved graph (`callspec explore --graph`) may not describe the app the run called, said
 * beside the coverage it gave, which before came with no word of it (QA-163 Q4):
 * - a graph of another platform than every call's counted for nothing, silently;
 * - a graph some of whose menus match no prompt the run heard, while the run heard menus the
 *   graph does not have: the prompts changed since it was saved (an earlier version of the app, or
 *   another app), and its unreached menus lower the figure for menus that no longer exist.
 * Each alone is no sign: a run that reaches a few menus leaves the graph's others unreached, and a
 * graph saved with a --max-depth lacks the deeper menus a run may reach. A file's age says nothing
 * reliable either (a checkout sets every file's time), so it is not read.
 */
export function staleGraphWarnings(platform: string, report: CoverageReport, saved: CallGraph, platforms: readonly string[], name: string): string[] {
  if (saved.platform !== platform) {
    if (platforms.includes(saved.platform)) return []
    return [`${name} is a graph of ${saved.platform}, and this run's calls are on ${platforms.join(', ')}: it was not used (was it saved for another app?)`]
  }
  const savedMenus = new Set(saved.nodes.filter((n) => n.kind === 'menu').map((n) => n.id))
  const unmatched = report.menus.filter((m) => savedMenus.has(m.node.id) && !m.reached).map((m) => m.node.label)
  const unknown = report.menus.filter((m) => !savedMenus.has(m.node.id)).map((m) => m.node.label)
  if (unmatched.length === 0 || unknown.length === 0) return []
  return [
    `${name} may be out of date: ${unmatched.length} of its ${savedMenus.size} menus match no prompt this run heard (${named(unmatched)}), and the run reached ${unknown.length} menu(s) it does not have (${named(unknown)}). ` +
      'Was it saved for an earlier version of the app? Its menus no call reached count as not covered: save it again with callspec explore --graph.',
  ]
}
