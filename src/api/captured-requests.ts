import http from 'node:http'
import https from 'node:https'
import { processShared } from '../utils/process-shared.js'

type Name = 'request' | 'get'
type Send = (this: unknown, ...args: unknown[]) => unknown
type RequestModule = Record<Name, Send>

interface State {
  installed: boolean
  /** callspec's counting layer (interception.ts countHttpRequests) while a call holds it, by module. */
  layers: Map<object, Partial<Record<Name, Send>>>
  /** > 0 while a counting layer runs: what it calls beneath is not sent back to it. */
  inside: number
}

/** One per process: the setup file's copy of callspec installs, the test's copy routes (process-shared.ts). */
const state = (): State => processShared<State>('capturedRequests', () => ({ installed: false, layers: new Map(), inside: 0 }))

/**
 * An app that captures `request` when it loads (`const { request } = require('https')`, as every
 * Node sample of EnableX's voice API does in its voiceapi.js) keeps the function the module held
 * then: interceptors replace the module's `request` and `get` (callspec's own, nock's), which such
 * a capture never sees. Measured: EnableX's voice-inbound-bridge sample's accept went to the real
 * api.enablex.io (ENOTFOUND, an uncaught exception in the app) and the call failed asking whether
 * `platform` was right.
 *
 * Installed by the `callspec/vitest` setup file, before the app's modules load, as the timer
 * modules are: http(s).request and get become functions that send a request through callspec's
 * counting layer while a call holds it (which answers the vendor hosts, and passes every other
 * request to what the module held beneath it), and straight to Node's own function otherwise, as
 * the captured function did. Not to the module's current function: a mock applied over this one
 * (nock's, msw's) calls it as its original, and a call back into the mock would run it twice.
 */
export function followCapturedRequests(): void {
  const shared = state()
  if (shared.installed) return
  shared.installed = true
  for (const module of [http, https] as unknown as RequestModule[]) {
    for (const name of ['request', 'get'] as const) {
      const own = module[name]
      const follower = function (this: unknown, ...args: unknown[]) {
        const layer = shared.inside === 0 ? shared.layers.get(module)?.[name] : undefined
        return (layer ?? own).apply(this, args)
      }
      Object.defineProperty(follower, 'name', { value: own.name })
      module[name] = follower
    }
  }
}

/** callspec's counting layer for `module[name]` is on: a captured function reaches it until the returned undo. */
export function layerOn(module: object, name: Name, layer: Send): () => void {
  const { layers } = state()
  const functions = layers.get(module) ?? {}
  functions[name] = layer
  layers.set(module, functions)
  return () => {
    if (layers.get(module)?.[name] === layer) delete functions[name]
  }
}

/** Runs a counting layer's body: a captured function it calls beneath (the module's original) goes to Node's own. */
export function insideLayer<T>(step: () => T): T {
  const shared = state()
  shared.inside++
  try {
    return step()
  } finally {
    shared.inside--
  }
}
