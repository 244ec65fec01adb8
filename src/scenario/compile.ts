import type { CallFlow } from '../dsl/call-flow.js'
import type { PlatformServer } from '../dsl/flow-config.js'
import type { CallOptions } from '../dsl/flow-config.js'
import { writtenAs, type CallspecCommand } from '../dsl/phrasing.js'
import type { AnyDriver } from '../driver/types.js'
import type { AppTarget } from '../transport/types.js'
import { defaultScenarioSeed } from './default-seed.js'
import type { Scenario, ScenarioStep } from './types.js'

/** Any `callTo` bound to a registry of drivers (the package's own, or a test's). */
export type AnyCallTo = (target: AppTarget, options: CallOptions<string, AnyDriver>) => CallFlow<AnyDriver>

/**
 * The step of the file a failing flow step came from: a flow's failure carries the index of its
 * step (`stepIndex`), and every step of a file but `heard` adds exactly one, in order.
 */
export function scenarioStepOf(scenario: Scenario, flowStep: number): ScenarioStep | undefined {
  return scenario.steps.filter((step) => step.kind !== 'heard')[flowStep]
}

/**
 * Turns a scenario into the very chain a TypeScript test would write: the same CallFlow methods
 * with the same arguments, so a file and a test can never disagree about what a step means.
 */
/**
 * `api`: the platform's fake REST API the app reaches (`callspec run --api`), for an app in another
 * process. `command`: the callspec command that runs it, if one does (its hints name it).
 */
export function compileScenario(scenario: Scenario, callTo: AnyCallTo, target: AppTarget, api?: PlatformServer, command?: CallspecCommand): CallFlow<AnyDriver> {
  const options: CallOptions<string, AnyDriver> = {
    platform: scenario.platform,
    ...(scenario.webhookPath !== undefined ? { webhookPath: scenario.webhookPath } : {}),
    seed: scenario.seed ?? defaultScenarioSeed(scenario.at.file, scenario.name),
    ...(scenario.unconsumed ? { unconsumed: scenario.unconsumed } : {}),
    ...(scenario.limits ? { limits: scenario.limits } : {}),
    ...(scenario.strict !== undefined ? { strict: scenario.strict } : {}),
    ...(scenario.rules ? { rules: scenario.rules } : {}),
    ...(scenario.headers ? { headers: scenario.headers } : {}),
    ...(scenario.vendor ? { vendor: scenario.vendor } : {}),
    ...(api ? { api } : {}),
  }
  // Its hints name the file's steps and settings (dsl/phrasing.ts).
  let flow = callTo(target, writtenAs(options, command ?? 'scenario file'))
  if (scenario.from) flow = flow.fromCaller(scenario.from)
  if (scenario.to) flow = flow.toNumber(scenario.to)
  for (const [number, behaviour] of Object.entries(scenario.parties)) flow = flow.withParty(number, behaviour)
  if (scenario.answeredBy) flow = flow.answeredBy(scenario.answeredBy)
  const start = scenario.startedBy
  if (start) {
    flow = flow.startedBy((app) => app.fetch(start.path, { method: start.method, ...(start.headers ? { headers: start.headers } : {}), ...(start.body !== undefined ? { body: start.body } : {}) }))
  }
  for (const step of scenario.steps) flow = addStep(flow, step)
  return flow
}

function addStep(flow: CallFlow<AnyDriver>, step: ScenarioStep): CallFlow<AnyDriver> {
  switch (step.kind) {
    case 'expect':
      return step.match === undefined ? flow.expectAction(step.action) : flow.expectAction(step.action, step.match as never)
    case 'expectHangup':
      return flow.expectHangup()
    case 'press':
      return flow.pressDigits(step.digits, { ...(step.bargeIn !== undefined ? { bargeIn: step.bargeIn } : {}), ...(step.gapMs !== undefined ? { gapMs: step.gapMs } : {}) })
    case 'say':
      return flow.say(step.text, { ...(step.bargeIn !== undefined ? { bargeIn: step.bargeIn } : {}), ...(step.recognised !== undefined ? { recognised: step.recognised } : {}) })
    case 'silent':
      return step.untilTimeout ? flow.waitForTimeout() : flow.staySilent(step.ms)
    case 'hangup':
      return flow.hangUp(step.cause === 'network' ? { cause: 'network' } : {})
    case 'heard':
      // Checked on the finished call (what the caller heard, in any turn): see checkHeard().
      return flow
  }
}
