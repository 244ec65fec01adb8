import type { CallGraph, GraphEdge, GraphNode } from '../../src/graph/types.js'
const node = (id: string, kind: GraphNode['kind'], label: string): GraphNode => ({ id, kind, label, ...(kind === 'menu' ? { digits: true } : {}) })
const edge = (from: string, input: string, to: string, extra: Partial<GraphEdge> = {}): GraphEdge => ({ from, to, input, kind: input === 'call' ? 'call' : input === 'timeout' ? 'silence' : input === 'hangup' ? 'hangup' : 'digits', count: 1, ...extra })
/** A bank line of 9 menus: main, four departments, each with a menu under it; retries, timeouts, 0 for main, hang-ups. */
export function nineMenus(): CallGraph {
  const depts = ['accounts', 'cards', 'loans', 'mortgages']
  const nodes: GraphNode[] = [node('start', 'start', 'inbound call'), node('main', 'menu', 'Welcome to Acme Bank. For accounts press 1, cards 2, loans 3, mortgages 4.')]
  const edges: GraphEdge[] = [edge('start', 'call', 'main')]
  nodes.push(node('hung', 'end', 'caller hung up'), node('bye', 'end', 'Goodbye, thank you for calling.'))
  for (const [i, d] of depts.entries()) {
    nodes.push(node(d, 'menu', `${d[0]!.toUpperCase()}${d.slice(1)}. Press 1 for balance, 2 for statements, 0 for the main menu.`))
    nodes.push(node(`${d}-2`, 'menu', `${d} statements: press 1 for the last month, 2 for the last year.`))
    nodes.push(node(`${d}-end`, 'end', `Your ${d} balance is # dollars.`))
    nodes.push(node(`${d}-agent`, 'transfer', `transfer → +1415555014${i}`))
    edges.push(edge('main', String(i + 1), d))
    edges.push(edge(d, '1', `${d}-end`), edge(d, '2', `${d}-2`), edge(d, '0', 'main'), edge(d, 'invalid', d, { invalid: true, keys: ['3', '4', '5', '6', '7', '8', '9', '*', '#'] }), edge(d, 'timeout', d), edge(d, 'hangup', 'hung'))
    edges.push(edge(`${d}-2`, '1', `${d}-end`), edge(`${d}-2`, '2', `${d}-agent`), edge(`${d}-2`, 'invalid', 'main', { invalid: true, keys: ['0', '3', '4', '5', '6', '7', '8', '9', '*', '#'] }), edge(`${d}-2`, 'timeout', 'bye'), edge(`${d}-2`, 'hangup', 'hung'))
  }
  edges.push(edge('main', 'invalid', 'main', { invalid: true, keys: ['0', '5', '6', '7', '8', '9', '*', '#'] }), edge('main', 'timeout', 'main'), edge('main', 'hangup', 'hung'))
  return { platform: 'webex-connect', nodes, edges }
}
