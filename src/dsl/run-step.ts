import type { PlatformCall } from '../driver/types.js'
import { FlowAssertionError } from '../errors/flow-assertion-error.js'
import { isWaitTimeout } from '../errors/wait-timeout.js'
import type { CallSession } from '../session/call-session.js'
import { nameKeyOf } from '../utils/action-record.js'
import type { ActionRecord, ListenRecord } from '../session/types.js'
import { listensAfresh, noteInput, noteListening, noteTimeout } from './listen-log.js'
import { describeExpected, mismatch } from './match.js'
import { heardInstead } from './heard-instead.js'
import type { Phrasing } from './phrasing.js'
import type { Step } from './steps.js'

/**
 * Begins the call: its first webhook, for an inbound call (`inbound`). A flow that opens with the
 * caller's hang-up (`.hangUp()`, or `.staySilent(ms).hangUp()`) hangs up at its own instant, counted
 * from when the caller called: an answer the app holds to that first webhook does not hold it back
 * (CallSession.unlessParked, as from turn 2 on), and the silence counts from the call's start, not
 * from the app's answer. Measured before (audit helper-150 F2): with ACCEPTED held 3 s,
 * `.staySilent(1000).hangUp()` began the silence at 3.0 s, and the app's whole flow ran before it.
 */
export async function startCall(session: CallSession, call: PlatformCall, steps: readonly Step[], inbound: boolean): Promise<void> {
  const [first, second] = steps
  const ms = !inbound ? undefined : hangsUp(first) ? 0 : first?.kind === 'silence' && hangsUp(second) ? first.ms : undefined
  if (ms === undefined) return call.start()
  const from = session.clock.now()
  session.callerHangsUpAt = from + ms
  try {
    await session.unlessParked(() => call.start())
  } finally {
    session.callerHangsUpAt = undefined
  }
  if (first!.kind === 'silence') session.silentSince = from
}

/** Executes one step against the live call. Time moves only through `advance`. */
/** The app's turns at a prompt for the other input a caller's say() or pressDigits() waits through before it fails (see runStep). */
const REPLAYS_OF_THE_OTHER_INPUT = 3

export async function runStep(session: CallSession, call: PlatformCall, step: Step, says: Phrasing, next?: Step, afterNext?: Step): Promise<void> {
  switch (step.kind) {
    case 'expectAction': {
      // Already queued (the usual case): no wait, no promise.
      let action = session.peekAction()
      // Waited for: the listening points still open now, to tell a silence that timed out meanwhile.
      let unanswered: Unanswered | undefined
      if (!action) {
        unanswered = openListens(session)
        action = await awaiting(nextAction(session, call, step.label, says), call, step.name, (request) => `'s ${step.name} request, ${request}`)
      }
      const expected = step.match === undefined ? step.name : `${step.name} ${describeExpected(step.match)}`
      const skipped = sentBeforeTheAct(session, action, step.label, says)
      if (skipped) throw markAt(new FlowAssertionError(skipped), action, `sent before ${session.lastAct!.label}`)
      if (action.name !== step.name) {
        const why = call.unqueued?.(step.name) ?? (unanswered && timedOutMeanwhile(session, unanswered, says))
        const received = namedAction(action, session.platform)
        throw markAt(
          new FlowAssertionError(`expected action ${expected}, got ${`${action.name} ${action.summary}`.trim()}${why ? `\n${why}` : ''}`, received.body, {
            [received.key]: step.name,
            ...(step.match as object),
          }),
          action,
          `expected ${step.name}`,
        )
      }
      const why = step.match === undefined ? undefined : mismatch(action.raw, step.match, '', says.scenarioFile)
      if (why) {
        const heard = heardInstead(action, step.match, says)
        throw markAt(new FlowAssertionError(`${step.name} did not match: ${why}${heard ? `\n${heard}` : ''}`, action.raw, step.match), action, `did not match: ${why.split(':')[0]}`)
      }
      session.consumeAction()
      return
    }
    case 'expectHangup': {
      while (!session.peekAction() && !session.ended) {
        if (!(await awaiting(advance(session, call), call, 'hangup', (request) => `to hang up, with ${request}`))) throw stalled(session, call, says, 'the app neither hung up nor did anything else')
      }
      const next = session.peekAction()
      if (next) {
        if (!next.endsCall) throw markAt(new FlowAssertionError(`expected the app to hang up, got ${next.name} ${next.summary}`), next, 'expected a hang-up')
        session.consumeAction()
        return
      }
      // A person or the line ended it, not the app (nor the platform on the app's behalf): a test
      // that the app hangs up must not pass because the test had someone else hang up (audit-112
      // F1: a callee's hangsUpAfterMs, a network drop passed; only the caller's hang-up failed).
      const end = endOf(session)
      if (end?.by === 'caller') throw new FlowAssertionError(`expected the app to hang up, but the caller hung up first`)
      if (end?.by === 'callee' && end.answered) throw new FlowAssertionError(`expected the app to hang up, but the called person hung up first (${end.reason})`)
      if (end?.by === 'network') throw new FlowAssertionError(`expected the app to hang up, but the line dropped first (${end.reason})`)
      return
    }
    case 'silence':
      await session.settleApp()
      return silence(session, call, step.ms, hangsUp(next), says)
    case 'timeout':
      return waitForTimeout(session, call, step.label, says)
    case 'untilListening':
      while (!session.ended && !listensAfresh(session, call)) {
        if (!(await advance(session, call))) return
      }
      noteListening(session, call)
      return
    case 'input': {
      const { input } = step
      if (session.ended) throw new FlowAssertionError(`the call had already ended (${session.ended.by}: ${session.ended.reason}).`)
      if (input.kind !== 'hangup' && !input.bargeIn) {
        const want = input.kind === 'digits' ? 'digits' : 'speech'
        // What the platform listened for instead, while the caller waited to act: the likelier cause.
        let instead: string | undefined
        let queued = session.queue.length
        /** Times the app went on (a menu replayed on no input) and the platform listened for the other input again. */
        let replays = 0
        for (let listening = call.listening(); !listening?.[want]; listening = call.listening()) {
          // The first listen for the other input is the menu itself, not the app going on: the
          // count starts from it (h196: a step written before the menu came counted it as a replay).
          if (listening && instead === undefined) {
            instead = listening.describe
            queued = session.queue.length
          }
          const end = endOf(session)
          if (end) throw new FlowAssertionError(`the call ended before the platform listened for ${want} (${end.reason}).${otherInputHint(want, instead)}`)
          // The platform listened for the other input, gave up, the app went on, and the platform
          // listens for the other input again (a menu replayed on no input): the wait could go round
          // until limits.maxTurns. Before (audit h193), say() at a Webex Connect digits menu waited
          // through 500 menus and failed as "the call passed 500 webhooks: is the app looping?".
          // Not at the first replay: an app may offer speech on a retry ("or say your choice"),
          // which a flow with unconsumed: 'ignore' waits for; IVRs give up after two or three.
          const went = instead !== undefined && listening && session.queue.length > queued ? session.queue.at(-1) : undefined
          if (went) {
            queued = session.queue.length
            if (++replays >= REPLAYS_OF_THE_OTHER_INPUT)
              throw new FlowAssertionError(`the app went on ${replays} times and the platform never listened for ${want} (last ${went.name}, turn ${went.turn}).${otherInputHint(want, instead)}`)
          }
          if (!(await neverListened(advance(session, call), call, step.label, want, instead))) throw stalled(session, call, says, `the platform never listened for ${want}`, otherInputHint(want, instead))
        }
      }
      // The caller acts on what the app has finished doing: its reaction to the last event first,
      // its real I/O holding the call's time at the caller's instant, not moving it past.
      session.callerActsAt = session.clock.now()
      try {
        const settling = session.settleApp()
        if (settling) await settling
      } finally {
        session.callerActsAt = undefined
      }
      const acting = step.pick ? step.pick(session) : input
      session.lastAct = { label: step.label, actionsBefore: session.queue.length }
      noteInput(session, call, acting.kind === 'digits' ? { kind: 'digits', value: acting.digits } : acting.kind === 'speech' ? { kind: 'speech', value: acting.text } : { kind: 'hangup' })
      const ignoredBefore = session.ignoredKeys.length
      if (acting.kind !== 'hangup' && next?.kind === 'silence' && next.ms !== undefined && hangsUp(afterNext)) {
        // The caller hangs up `ms` after the last key or word: an answer the app holds to the
        // webhook the input brings does not hold that back (CallSession.unlessParked).
        session.hangsUpAfterInputMs = next.ms
        try {
          await session.unlessParked(() => call.input(acting))
        } finally {
          session.hangsUpAfterInputMs = undefined
          session.callerHangsUpAt = undefined
        }
      } else await call.input(acting)
      throwFatal(session)
      const ignored = session.ignoredKeys.slice(ignoredBefore)
      if (acting.kind === 'digits' && acting.digits.length > 0 && ignored.length >= acting.digits.length) session.warn(pressLanded(step.label, session, ignored))
      return
    }
  }
}

/**
 * The chain reads as a sequence: an expectAction written after a step where the caller acted
 * (pressDigits, say, hangUp, waitForTimeout) is about what the app did after it. Matching an action
 * the app had sent before the caller acted passed tests that never saw the app's reaction (audit
 * helper-125: `.expectAction('ANSWER').pressDigits('2').expectAction('PLAY')` matched the menu's
 * PLAY, and the app's hang-up on 2 went unnoticed). Actions are recorded as the platform runs them
 * (a callflow's later elements when it reaches them), so "before" is before the caller acted.
 */
function sentBeforeTheAct(session: CallSession, action: ActionRecord, label: string, says: Phrasing): string | undefined {
  const act = session.lastAct
  if (!act || action.index >= act.actionsBefore) return undefined
  const unexpected = session.queue.slice(action.index, act.actionsBefore).map((a) => a.name)
  const which = unexpected.length === 1 ? `${unexpected[0]} (turn ${action.turn})` : `${unexpected.join(', ')} (from turn ${action.turn})`
  const adds = unexpected.map((name) => says.expect(name)).join(says.scenarioFile ? ', ' : '')
  const it = unexpected.length === 1 ? 'it' : 'them'
  return (
    `the app sent ${which} before ${act.label}, and no step expected ${it}: ${label}, written after ${act.label}, is about what the app did after it. ` +
    `Expect ${it} before ${act.label} (${adds}).`
  )
}

/**
 * A press step none of whose keys the platform took: nothing was collecting digits when they came
 * (a collection that had already timed out, one that had not begun, or none at all). The call goes
 * on as on the platform, where the keys are lost too, but the test's step had no effect (audit
 * voxology-75: a COLLECT with `timeout: 5`, milliseconds, gave up before the caller's first key;
 * the test passed). An expectAction after it cannot match an action sent before the keys
 * (sentBeforeTheAct).
 */
function pressLanded(label: string, session: CallSession, ignoredAt: readonly number[]): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(1)
  const first = ignoredAt[0]!
  const last = ignoredAt.at(-1)!
  const when = seconds(first) === seconds(last) ? `${seconds(first)} s` : `${seconds(first)}–${seconds(last)} s`
  const listened = session.transcript.listens.filter((l) => l.listening.digits && l.at <= first).at(-1)
  const before = listened ? ` The platform had listened for ${listened.listening.describe} from ${seconds(listened.at)} s, and stopped before the keys came.` : ''
  return `${label} had no effect: nothing was collecting digits when the caller pressed (${when}), so the platform ignored every key.${before} Check the collection's timeout in the app, or the step's place in the test.`
}

/** The listening points the caller had not acted on when a step began to wait, and where later ones start. */
interface Unanswered {
  open: readonly ListenRecord[]
  from: number
}

function openListens(session: CallSession): Unanswered {
  const listens = session.transcript.listens
  return { open: listens.filter((l) => !l.input), from: listens.length }
}

/**
 * The caller said nothing while the step waited, and the platform's input timed out: the test has
 * no pressDigits()/say() where the app asked (a newcomer's likely slip, audit newcomer-65). Said
 * under the mismatch, which otherwise shows only the app's reaction to the timeout (a replay).
 */
function timedOutMeanwhile(session: CallSession, { open, from }: Unanswered, says: Phrasing): string | undefined {
  const timedOut = [...open, ...session.transcript.listens.slice(from)].find((l) => l.input?.kind === 'silence')
  if (!timedOut) return undefined
  const { digits, speech, describe } = timedOut.listening
  const step = says.input(digits && speech ? 'either' : speech ? 'speech' : 'digits')
  const did = digits && speech ? 'pressed and said nothing' : speech ? 'said nothing' : 'pressed nothing'
  return `The caller ${did}: the platform listened for ${describe} from turn ${timedOut.turn} while this step waited, and its input timed out. If the caller answers that prompt, add ${step} before this step.`
}

/**
 * The action the app sent, as the diff's received side: its body, naming the action under the key
 * the platform's own bodies name it (its driver's `actionNameKey`), so that the expected side
 * (`{ [key]: step.name, ...match }`) compares like with like. A body that carries no name (where
 * the action is a REST call's URL, `PUT …/play`, or a hang-up with no body) gets
 * `action: <name>` first: the diff then reads `- "action": "connect"` against `+ "action": "play"`,
 * not against the bare body, or against `{}` (audit newcomer-65).
 */
function namedAction(action: ActionRecord, platform: string): { key: string; body: unknown } {
  const key = nameKeyOf(action, platform)
  if (key) return { key, body: action.raw }
  const raw = action.raw
  const body = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : raw === undefined || raw === null ? {} : { body: raw }
  return { key: 'action', body: { action: action.name, ...body } }
}

/**
 * A wait for the app's request that ran out while a pressDigits()/say() step waited for the platform
 * to listen: the step's keys never went anywhere, and the wait's message names only the request
 * that never came (an EnableX play without `dtmf: true` read as an app that ignored an event). Says,
 * under its headline, that nothing listened, and the platform's reason where it has one
 * (PlatformCall.notListening).
 */
async function neverListened(step: Promise<boolean>, call: PlatformCall, label: string, want: 'digits' | 'speech', instead: string | undefined): Promise<boolean> {
  try {
    return await step
  } catch (error) {
    if (error instanceof Error && isWaitTimeout(error)) {
      const why = call.notListening?.(want)
      const cause = `${label} waited for the platform to listen for ${want}, and nothing did${why ? `: ${why}.` : '.'}${otherInputHint(want, instead)}`
      // Right under the headline: it is the cause, and the driver's hints already appended (EnableX's
      // last event, "an app that checks another field or spelling ignores it") read as one before it
      // (helper-205: the "ignores it" line came first).
      const end = error.message.indexOf('\n')
      error.message = end < 0 ? `${error.message}\n${cause}` : `${error.message.slice(0, end)}\n${cause}${error.message.slice(end)}`
    }
    throw error
  }
}

/**
 * A wait for the app's request that ran out, on a platform the app drives through its API: the
 * step says which request it waited for (`The step waited for the app to hang up: DELETE …`).
 */
async function awaiting<T>(step: Promise<T>, call: PlatformCall, action: string, what: (request: string) => string): Promise<T> {
  try {
    return await step
  } catch (error) {
    const request = error instanceof Error && isWaitTimeout(error) ? call.requestFor?.(action) : undefined
    if (request) (error as Error).message += `\nThe step waited for the app${what(request).startsWith("'") ? '' : ' '}${what(request)}.`
    throw error
  }
}

async function nextAction(session: CallSession, call: PlatformCall, label: string, says: Phrasing): Promise<ActionRecord> {
  for (;;) {
    const next = session.peekAction()
    if (next) return next
    if (session.ended) {
      const unrun = session.ended.unrun
      if (unrun?.length) {
        throw new FlowAssertionError(
          `${label} was not met: the app's callflow held it (${unrun.join(', ')}), but the call ended (${session.ended.by}: ${session.ended.reason}) before the platform ran it.`,
        )
      }
      throw new FlowAssertionError(`the call ended (${session.ended.by}: ${session.ended.reason}) before the app sent the action ${label} expects.`)
    }
    if (!(await advance(session, call, true))) throw stalled(session, call, says, 'the app sent no further action')
  }
}

/**
 * One move of the simulation: fire whichever timer is due first, the app's or the platform's (the
 * app first finishes what it is doing), or (nothing scheduled) let a REST-driven platform wait,
 * bounded, for the app. False: nothing can happen any more.
 */
async function advance(session: CallSession, call: PlatformCall, awaitsAction = false): Promise<boolean> {
  throwFatal(session)
  if (session.clock.now() > session.limits.maxVirtualMs) session.passedVirtualLimit()
  const open = noteListening(session, call)
  if (await session.fireNext()) {
    throwFatal(session)
    noteTimeout(session, call, open)
    return true
  }
  return call.idle ? call.idle(awaitsAction) : false
}

/**
 * `hangsUpNext`: the caller hangs up when the silence ends (`.staySilent(ms).hangUp()`), whatever
 * the app is doing then: an answer the app still holds does not hold the hang-up back
 * (CallSession.callerHangsUpAt).
 */
async function silence(session: CallSession, call: PlatformCall, ms: number | undefined, hangsUpNext: boolean, says: Phrasing): Promise<void> {
  if (session.ended) throw new FlowAssertionError(`the call had already ended (${session.ended.by}: ${session.ended.reason}).`)
  // The flow's opening silence counts from the call's start (startCall).
  const from = session.silentSince ?? session.clock.now()
  session.silentSince = undefined
  if (ms !== undefined) {
    session.caller(`stays silent for ${(ms / 1000).toFixed(1)} s`, from)
    // After keys or words whose webhook's answer the app still held when the hang-up they were
    // followed by came due (CallSession.unlessParked): that hang-up's instant, `ms` after the last
    // key, which the call's clock may have neared meanwhile with the app's real I/O.
    const until = session.parkedHangUpAt() ?? from + ms
    if (hangsUpNext) session.callerHangsUpAt = until
    session.callerActsAt = until
    try {
      for (;;) {
        if (endOf(session)) break
        const open = noteListening(session, call)
        if (!(await session.fireNext(until))) break
        throwFatal(session)
        noteTimeout(session, call, open)
      }
    } finally {
      session.callerHangsUpAt = undefined
      session.callerActsAt = undefined
    }
    throwFatal(session)
    const end = endOf(session)
    if (!end) return session.advanceTo(until)
    if (end.at < until) session.note(`staySilent(${ms}) cut short: the call ended ${((until - end.at) / 1000).toFixed(1)} s early (${end.by}: ${end.reason})`)
    return
  }
  session.caller('stays silent')
  const before = session.queue.length
  while (session.queue.length === before && !session.ended) {
    if (!(await advance(session, call))) throw stalled(session, call, says, 'the caller stayed silent and nothing happened')
  }
}

async function waitForTimeout(session: CallSession, call: PlatformCall, label: string, says: Phrasing): Promise<void> {
  if (session.ended) throw new FlowAssertionError(`the call had already ended (${session.ended.by}: ${session.ended.reason}).`)
  while (!call.listening()) {
    const end = endOf(session)
    if (end) throw new FlowAssertionError(`the call ended before the platform listened (${end.reason}).`)
    if (!(await advance(session, call))) throw stalled(session, call, says, 'the platform never listened')
  }
  const open = noteListening(session, call)!
  session.caller('stays silent until the timeout')
  session.lastAct = { label, actionsBefore: session.queue.length }
  // advance() marks the point timed out (noteTimeout) once the platform has moved on from it.
  while (!open.input && !session.ended) {
    if (!(await advance(session, call))) throw stalled(session, call, says, 'the caller stayed silent and nothing happened')
  }
  if (!open.input) open.input = { kind: 'silence' }
}

/**
 * The caller waited to speak where the platform listened only for keys, or the other way round:
 * said under the failure (audit F2: `say()` at an 8x8 sayAndCapture ran three key timeouts and
 * said only that the call ended before the platform listened for speech).
 */
function otherInputHint(want: 'digits' | 'speech', instead: string | undefined): string {
  if (!instead) return ''
  const step = want === 'speech' ? 'pressDigits()' : 'say()'
  return ` The platform listened for ${instead}, not ${want}, while the caller waited: to answer that prompt, use ${step}.`
}

function stalled(session: CallSession, call: PlatformCall, says: Phrasing, what: string, hint = ''): FlowAssertionError {
  const party = call.connectedTo?.()
  if (party) {
    // Said in the steps the reader writes: a scenario file has no .staySilent() (audit h186).
    const howToEnd = says.scenarioFile
      ? `To end the scenario there, let the conversation last with ${says.silent} instead of this step (the caller hangs up as the steps end), or hang up with a \`- hangup\` step; or give the party an end: \`parties: { '${party}': { hangsUpAfter: 30s } }\`.`
      : `To end the test there, let the conversation last with .staySilent(ms) instead of this step (the caller hangs up as the flow ends), or hang up with .hangUp(); or give the party an end: .withParty('${party}', { answers: true, hangsUpAfterMs: 30_000 }).`
    return new FlowAssertionError(`${what}: the caller is connected to ${party}, and the call goes on until one of them hangs up (nothing else is scheduled). ${howToEnd}`)
  }
  const listening = call.listening()
  const state = listening ? ` The platform is listening for ${listening.describe}.` : ''
  return new FlowAssertionError(`${what}, and the platform has nothing left to do: the call is stuck.${hint || state}`)
}

/** Marks the action the failure is about, with a short reason for its transcript line. */
function markAt(error: FlowAssertionError, action: ActionRecord, reason: string): FlowAssertionError {
  return Object.assign(error, { markAction: action.index, markTurn: action.turn, markReason: reason })
}

/** The step is the caller's hang-up (`.hangUp()`, `.hangUp({ cause: 'network' })`). */
const hangsUp = (step: Step | undefined) => step?.kind === 'input' && step.input.kind === 'hangup'

/** Read through a function: TypeScript would keep a narrowing of `session.ended` across awaits. */
const endOf = (session: CallSession) => session.ended

function throwFatal(session: CallSession): void {
  const fatal = session.takeFatal()
  if (fatal) throw fatal
}
