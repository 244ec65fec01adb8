import { readFileSync } from 'node:fs'
import type { CallGraph } from './types.js'

/**
 * A graph saved by `callspec explore --graph`, read from `file`. Throws an Error naming the file
 * and what is wrong with it (unreadable, not JSON, not a graph), for the CLI and the vitest
 * reporter to put their own option's name in front of.
 */
export function readSavedGraph(file: string): CallGraph {
  let graph: Partial<CallGraph>
  try {
    graph = JSON.parse(readFileSync(file, 'utf8')) as Partial<CallGraph>
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`)
  }
  if (typeof graph?.platform !== 'string' || !Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) {
    throw new Error(`${file} is not a graph saved by callspec explore --graph ({ platform, nodes, edges })`)
  }
  return graph as CallGraph
}
