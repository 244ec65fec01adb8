import type { AnyDriver, CallSetup, PlatformCall, TriggerContext } from '../driver/types.js'
import { isCallspecError } from '../errors/callspec-error.js'
import { CallspecError } from '../errors/callspec-error.js'
import { FlowAssertionError } from '../errors/flow-assertion-error.js'
import { CallSession } from '../session/call-session.js'
import type { CallParties } from '../session/types.js'
import { resolveTransport } from '../transport/index.js'
import type { Transport } from '../transport/types.js'
import { relocate } from '../utils/call-site.js'
import { acquireApi } from './api-channel.js'
import { CallResult } from './call-result.js'
import { DEFAULT_LIMITS, type FlowConfig } from './flow-config.js'
import { callFinished } from './hooks.js'
import { runStep } from './run-step.js'
import type { Step } from './steps.js'

/**
 * Runs a flow once: brings up the transport and the vendor API, starts the call, executes the
 * steps in order (first failure stops), hangs up if the test left the call live, and checks
 * leftovers. Whatever happens, every socket, server and interceptor it opened is closed.
 */
export async function runFlow<D extends AnyDriver>(config: FlowConfig<D>, steps: readonly Step[]): Promise<CallResult<D>> {
  const { driver, options } = config
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const outbound = config.startedBy !== undefined
  const parties: CallParties = {
    direction: outbound ? 'outbound' : 'inbound',
    // Outbound numbers come from the app's make-call request; the driver fills them in.
    from: config.from ?? (outbound ? '(app)' : '+14155550100'),
    to: config.to ?? (outbound ? '(callee)' : '+14155550199'),
  }
  let transport: Transport | undefined
  let session: CallSession | undefined
  let release: (() => Promise<void>) | undefined
  let current: Step | undefined
  let call: PlatformCall | undefined
  const warnings: string[] = []
  let failure: unknown
  try {
    transport = await resolveTransport(config.target, limits.responseTimeoutMs)
    const trigger = config.startedBy ? triggerFor(config.startedBy, transport) : undefined
    session = new CallSession({ platform: driver.platform, seed: config.seed, parties }, transport, limits, trigger)
    const channel = await acquireApi(config, outbound)
    release = channel.release
    const setup: CallSetup = {
      parties,
      webhookPath: options.webhookPath ?? driver.defaultWebhookPath,
      headers: options.headers ?? {},
      vendor: options.vendor ?? {},
      dialled: outbound ? config.to : undefined,
      callee: config.callee,
      party: (number) => config.parties[number] ?? config.parties[number.replace(/^\+/, '')] ?? 'answers',
      startedBy: config.startedBy,
    }
    call = driver.createCall(session, setup, channel.api)
    // A failure while the call starts is reported at the first step: that is what was waiting for it.
    current = steps[0]
    await call.start()
    for (const step of steps) {
      current = step
      await runStep(session, call, step)
    }
    current = undefined
    await hangUpIfLive(session, call)
    checkLeftovers(session, options.unconsumed ?? 'error', warnings)
    session.transcript.duration = session.ended?.at ?? session.clock.now()
    return new CallResult<D>(driver.platform, config.seed, session.transcript, warnings)
  } catch (error) {
    failure = toFlowError(error, session, current, config.root.site)
    throw failure
  } finally {
    if (session) callFinished(session.transcript, failure)
    session?.clock.clearAll()
    session?.dispose()
    call?.dispose?.()
    await session?.settleTrigger()
    await release?.()
    await transport?.close()
  }
}

/** The test stopped with the call live: the caller hangs up, and the platform's last webhooks go out. */
async function hangUpIfLive(session: CallSession, call: PlatformCall): Promise<void> {
  if (!session.ended) {
    await call.input({ kind: 'hangup', cause: 'end-of-test', label: 'hangs up (end of test)' })
  }
  // Deliver what the platform sends after the end (DROPPED, a session summary); bounded.
  for (let i = 0; i < 50 && session.clock.peek(); i++) await session.clock.fireNext()
  const fatal = session.takeFatal()
  if (fatal) throw fatal
}

function checkLeftovers(session: CallSession, policy: 'error' | 'warn' | 'ignore', warnings: string[]): void {
  const left = session.unconsumed()
  if (left.length === 0 || policy === 'ignore') return
  const list = left.map((a) => `  • turn ${a.turn} ← ${a.name} ${a.summary}`).join('\n')
  const message = `the app sent ${left.length} action(s) the test never expected:\n${list}\nAdd .expectAction('${left[0]!.name}') (or set unconsumed: 'warn' | 'ignore').`
  if (policy === 'warn') {
    warnings.push(message)
    return
  }
  throw Object.assign(new FlowAssertionError(message), { markAction: left[0]!.index, markTurn: left[0]!.turn, markReason: 'never expected' })
}

/** startedBy()'s view of the app: HTTP requests over the same bounded transport. */
function triggerFor(trigger: (ctx: TriggerContext) => unknown, transport: Transport): () => Promise<unknown> {
  const ctx: TriggerContext = {
    async fetch(path, init = {}) {
      const body = init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
      const { response } = await transport.send({
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        target: path,
        headers: { ...(body !== undefined && typeof init.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers },
        body: body as string | undefined,
      })
      return { status: response.status, body: response.body, json: () => JSON.parse(response.body) }
    },
  }
  return async () => trigger(ctx)
}

/**
 * Every failure leaves here as a CallspecError whose first line names the turn and the step,
 * followed by what was wrong, the whole transcript with the failing turn marked, and the seed.
 */
function toFlowError(error: unknown, session: CallSession | undefined, step: Step | undefined, rootSite: Error): Error {
  const base: CallspecError = isCallspecError(error)
    ? (error as CallspecError)
    : Object.assign(new CallspecError(error instanceof Error ? error.message : String(error)), { cause: error })
  if ((base as { decorated?: boolean }).decorated) return base
  const marks = base as { markAction?: number; markTurn?: number; markReason?: string }
  const turn = marks.markTurn ?? session?.turn ?? 0
  const where = `${turn > 0 ? `turn ${turn}, ` : ''}${step?.label ?? (session ? 'end of call' : 'start of call')}`
  const [first = '', ...rest] = base.message.split('\n')
  const parts = [`[callspec] ${where}: ${first}`, ...rest]
  if (session) {
    session.transcript.duration = session.ended?.at ?? session.clock.now()
    parts.push('', session.transcript.print({ turn, actionIndex: marks.markAction, reason: marks.markReason ?? first.slice(0, 60) }))
    parts.push(`Replay this exact call with { seed: ${session.transcript.header.seed} }.`)
    Object.assign(base, { transcript: session.transcript })
  }
  base.message = parts.join('\n')
  Object.assign(base, { decorated: true })
  return relocate(base, step?.site ?? rootSite)
}
