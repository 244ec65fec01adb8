/**
 * callspec: test voice call flows against a simulated vendor platform.
 * @example
 * const call = await callTo(app, { platform: 'webex-connect' }).fromCaller('+14155550100').expectAction('ANSWER')
 */
import { drivers } from '../drivers/index.js'
import type { createStartAgent } from './agent/start-agent.js'
import type { createStartPlatform } from './api/start-platform.js'
import { createCallTo } from './dsl/create-call-to.js'
import type { createExplore } from './explore/explore.js'
import { replayCall } from './explore/replay.js'
import type { ExploreConfig } from './explore/types.js'
import { createValidate } from './validate.js'

// The async entry points load their code (servers, sockets, the explorer) when first called:
// `import('callspec')` is paid by every test file, and most never use them.

/** Starts a simulated call to `target` (an in-process app or a base URL) on `platform`. */
export const callTo = createCallTo(drivers)
/** Checks an event, action or REST payload against a platform's schema. */
export const validate = createValidate(drivers)
/** Serves a platform's fake REST API on loopback, for apps outside the test process. */
export const startPlatform: ReturnType<typeof createStartPlatform<typeof drivers>> = async (...args) =>
  (await import('./api/start-platform.js')).createStartPlatform(drivers)(...args)
/** Opens the channel for an app process started with `node --import callspec/agent`: its timers on the call's clock. */
export const startAgent: ReturnType<typeof createStartAgent<typeof drivers>> = async (...args) =>
  (await import('./agent/start-agent.js')).createStartAgent(drivers)(...args)
/** Drives the IVR breadth-first and reports its call graph and what a tester must look at. */
export const explore: ReturnType<typeof createExplore> = async (...args) => (await import('./explore/explore.js')).createExplore(callTo as never)(...args)
/** The call an explored path (or an emitted suite's test) replays: the config's options, one seed. */
export const exploredCall = (config: ExploreConfig, seed: number) => replayCall(callTo as never, config.target, config.options, seed)
export { toVitestSuite, type EmitOptions } from './explore/emit.js'
export { drivers }

/* Results and flows */
export { CallFlow } from './dsl/call-flow.js'
export { CallResult, isCallResult, type SentWebhook } from './dsl/call-result.js'
export { onFlowCreated, onCallFinished, identifyTests, type RunningTest } from './dsl/hooks.js'
export { mismatch, matches, describeExpected } from './dsl/match.js'
export { Transcript } from './session/transcript.js'

/* Call graph, coverage and the explorer */
export { callGraph, toMermaid, pathOf, GraphBuilder } from './graph/index.js'
export type { CallGraph, GraphEdge, GraphNode, MermaidOptions } from './graph/index.js'
export type { ExploreConfig, ExploreOptions, ExploreResult, Finding, FindingKind, ExploreStats, ProbeInput } from './explore/types.js'

/* Errors */
export {
  CallspecError,
  isCallspecError,
  FlowAssertionError,
  AppResponseError,
  VendorPayloadError,
  CallspecUsageError,
} from './errors/index.js'
export { TransportError } from './transport/transport-error.js'

/* Types */
export type { Platform, Drivers } from '../drivers/index.js'
export type { AgentHandle, AgentOptions, AgentPeer } from './agent/index.js'
export type { AppClock, AppTimerFired } from './clock/app-clock.js'
export type { CallOptions, PlatformServer, UnconsumedPolicy } from './dsl/flow-config.js'
export type { DigitOptions, SpeechOptions } from './dsl/call-flow.js'
export type { FlowRoot, FinishedCall } from './dsl/hooks.js'
export type { Match, AsymmetricMatcherLike } from './dsl/match.js'
export type { AppTarget, FetchApp } from './transport/types.js'
export type { ActionRecord, CallEnd, CallParties, Listening, ListenRecord, Prompt, TranscriptEntry, WireRequest, WireResponse } from './session/types.js'
export type { ValidationIssue, ValidationResult, VendorError } from './validation/types.js'
export type { Driver, AnyDriver, PartyBehaviour, Limits, TriggerContext, ActionName, ActionsOf, RuleIdOf, EventName, EventsOf, EventBody } from './driver/types.js'
export type { Evidence, RuleDef, RuleLevel, RuleSettings, RuleTable } from './validation/rules.js'
export type { WarningsOutput } from './session/warnings.js'
