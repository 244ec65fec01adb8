import type { Prompt } from '../../src/driver/index.js'
import { CallspecError, VendorPayloadError } from '../../src/driver/index.js'
import { redirectMethod } from './action-checks.js'
import { promptsOf } from './audio.js'
import { BEHAVIOUR } from './behaviour.js'
import { evaluate, showValue, type Read } from './expression/evaluate.js'
import { printExpression } from './expression/parse.js'
import { renderTemplate } from './expression/template.js'
import { Bridge } from './media/bridge.js'
import { Collect } from './media/collect.js'
import { PromptPlayback } from './media/prompt.js'
import { Recorder } from './media/record.js'
import type { Leg, Media } from './media/types.js'
import { Program } from './program.js'
import type { Action, CollectAction, IfAction } from './schemas.js'
import { NATIVE_VARIABLES, type CheckedScript } from './script.js'
import { describeCollect, summarizeAction } from './summaries.js'
import { ruleFailure } from '../../src/validation/inferred-lead.js'

/** The call, as the script interpreter sees it. */
export interface ScriptHost extends Leg {
  /** The call is answered and not over: the script may go on. */
  readonly live: boolean
  /** `$keyPresses`, `$sessionData`, `$callTime`: what IF conditions and `${…}` templates read. */
  variables(): Record<string, unknown>
  /** SESSIONDATA, DIAL: merged into the call's session data, which is returned. */
  mergeSessionData(data: Record<string, unknown>): Record<string, unknown>
  /** `media` is on the line now, and the script waits for it to be over. */
  waitFor(media: Media): void
  /** REDIRECT: the next callback goes to `url`. */
  redirect(url: string, method: 'GET' | 'POST'): void
  /** The script ran out: the next callback goes to the number's URL. */
  scriptEnded(): void
  /** HANGUP: the app ends the call. */
  hangUp(): void
}

/**
 * Runs the app's script the way the platform does (Voxology's Call Flow Actions reference;
 * Voxology's Call Flow Loop description): actions one after another on the virtual clock,
 * IF/GOTO/LABEL and session data by itself, until an action has to wait (a prompt, a COLLECT, a
 * conference…), the script hands over (REDIRECT, HANGUP) or it runs out. Whatever waits calls run()
 * again when it is over.
 */
export class Interpreter {
  #program: Program | undefined
  /** Placeholders already reported as missing in this call: a SAY in a GOTO loop warns once. */
  readonly #missingReported = new Set<string>()
  /** `$sessionData` keys an IF read unset in this call: an IF in a GOTO loop warns once. */
  readonly #unsetReported = new Set<string>()
  /** Whether the transcript already says control flow is notes, not actions for expectAction. */
  #controlFlowExplained = false

  constructor(private readonly host: ScriptHost) {}

  /** Runs a script the app answered with, from its first action. */
  load(script: CheckedScript): void {
    this.#program = new Program(script)
    this.run()
  }

  /** The call is over: the rest of the script is abandoned. */
  stop(): void {
    this.#program = undefined
  }

  /** Executes actions until one has to wait, the script hands over or runs out; a zero-time loop fails (loopError). */
  run(): void {
    const program = this.#program
    // Resumed after a wait (or loaded): only actions run without virtual time passing count towards the bound.
    program?.runsAt(this.host.ctx.clock.now())
    while (program && this.#program === program && this.host.live) {
      const step = program.next()
      if (!step) {
        this.#program = undefined
        this.host.scriptEnded()
        return
      }
      if (++program.executed > BEHAVIOUR.maxActionsPerScript) throw loopError(program, program.checked.originalPath(step.path))
      if (!this.#execute(program, step.action, step.path)) return
    }
  }

  /** One action. True: go straight on to the next; false: something will resume the script later. */
  #execute(program: Program, action: Action, path: string): boolean {
    const { host } = this
    switch (action.type) {
      case 'LABEL':
        this.#control(action, action.name)
        return true
      case 'GOTO': {
        const { label } = action.params
        if (program.goto(label)) {
          this.#control(action, `→ ${label}`)
          return true
        }
        // No such LABEL (warned when the script was read): the script ends here, as if it ran out.
        host.ctx.note(`GOTO → ${label}: the script has no LABEL "${label}", so it ends here and the next callback goes out as when a script runs out`)
        this.#program = undefined
        host.scriptEnded()
        return false
      }
      case 'IF':
        return this.#if(program, action, path)
      case 'SESSIONDATA': {
        const merged = host.mergeSessionData(action.session_data)
        this.#control(action, `${JSON.stringify(action.session_data)} → session_data ${JSON.stringify(merged)}`)
        return true
      }
      case 'SAY': {
        const spoken = this.#render(action.params.text)
        // Nothing to say (rule voxology/say-text): the caller hears nothing and the script goes on.
        const prompts = spoken.trim() === '' ? [] : promptsOf({ kind: 'speech', text: spoken }, action.params.loop)
        this.#record(action, summarizeAction(action, spoken), prompts)
        if (prompts.length === 0) return true
        host.waitFor(new PromptPlayback(host, prompts))
        return false
      }
      case 'PLAY': {
        const prompts = promptsOf({ kind: 'audio', text: action.params.url }, action.params.loop)
        this.#record(action, summarizeAction(action), prompts)
        host.waitFor(new PromptPlayback(host, prompts))
        return false
      }
      case 'COLLECT': {
        const prompts = this.#collectPrompts(action)
        this.#record(action, describeCollect(action), prompts)
        host.waitFor(new Collect(host, action, prompts))
        return false
      }
      case 'CONFERENCE':
        this.#record(action, summarizeAction(action), [])
        host.waitFor(Bridge.conference(host, action.params.name))
        return false
      case 'DIAL': {
        this.#record(action, summarizeAction(action), [])
        if (action.session_data) host.mergeSessionData(action.session_data)
        const { no, timeout } = action.params ?? {}
        if (typeof no !== 'string' || no === '') {
          // Warned when the script was read (rule voxology/dial-params): nobody to call.
          host.ctx.note('DIAL is not simulated: it has no number in params.no; the script goes on with the next action')
          return true
        }
        host.ctx.note('DIAL is simulated on an inferred shape (params.no, caller_id_no, timeout in s): its parameters are not documented publicly')
        host.waitFor(Bridge.dial(host, no, Number.isInteger(timeout) && (timeout as number) >= 1 ? (timeout as number) : undefined))
        return false
      }
      case 'RECORD':
        this.#record(action, summarizeAction(action), [])
        host.waitFor(new Recorder(host, action))
        return false
      case 'QUEUE':
      case 'DETECT':
        this.#record(action, summarizeAction(action), [])
        host.ctx.note(`${action.type} is not simulated: Voxology names it but documents no parameters; the script goes on with the next action`)
        return true
      case 'REDIRECT':
        this.#record(action, summarizeAction(action), [])
        this.#program = undefined
        host.redirect(action.params.url, redirectMethod(action.params.method))
        return false
      case 'HANGUP':
        this.#record(action, '', [], true)
        host.hangUp()
        return false
    }
  }

  /** The platform's own branch: the transcript says which branch ran, and the values it saw. */
  #if(program: Program, action: IfAction, path: string): boolean {
    const expr = program.checked.conditions.get(action)!
    const { value, reads } = evaluate(expr, this.host.variables())
    const branch = value ? 'then' : action.orElse ? 'orElse' : 'nothing (no orElse)'
    if (expr.kind === 'unevaluated') {
      // Rule voxology/condition-subset at warn: the warning was given when the script was read.
      this.#control(action, `${action.condition} is JavaScript callspec does not evaluate (${expr.form}): read as false → ${branch}`)
    } else {
      const grouped = printExpression(expr)
      // Spell out the grouping only where precedence added some: `a && b || c` → `(a && b) || c`.
      const parens = (text: string) => text.split('(').length
      const shown = parens(grouped) > parens(action.condition) ? ` (read as ${grouped})` : ''
      this.#control(action, `${action.condition}${shown} is ${value ? 'true' : 'false'} → ${branch}; ${describeReads(reads)}`)
    }
    this.#unsetKeys(action, reads, `${value ? 'true' : 'false'} → ${branch}`)
    if (value) program.enter(action.then, `${path}.then`)
    else if (action.orElse) program.enter(action.orElse, `${path}.orElse`)
    return true
  }

  /**
   * An IF that read a `$sessionData` key nothing set: it reads as undefined, as JavaScript would
   * (the docs evaluate conditions "like JavaScript"), and is most often a typo or a SESSIONDATA
   * not yet run. Rule voxology/condition-values (inferred: the docs do not call it a mistake);
   * once per key per call, as voxology/templates warns of a SAY's missing value.
   */
  #unsetKeys(action: IfAction, reads: readonly Read[], outcome: string): void {
    const unset = reads.filter((r) => r.value === undefined && SESSION_KEY.test(r.text) && !this.#unsetReported.has(key(r.text)))
    if (unset.length === 0) return
    for (const r of unset) this.#unsetReported.add(key(r.text))
    const sessionData = this.host.variables().sessionData
    const set = sessionData && typeof sessionData === 'object' ? Object.keys(sessionData) : []
    const names = unset.map((r) => r.text).join(', ')
    const near = unset.flatMap((r) => {
      const wanted = fold(key(r.text).split('.')[1]!)
      const meant = set.find((k) => fold(k) === wanted)
      return meant ? [`$sessionData.${meant}`] : []
    })
    const has = set.length ? `session_data has ${set.slice(0, 5).join(', ')}${set.length > 5 ? '…' : ''}` : 'session_data is empty'
    const problem =
      `IF ${JSON.stringify(action.condition)} was ${outcome}: ${names} ${unset.length > 1 ? 'have' : 'has'} no value, so ${unset.length > 1 ? 'they read' : 'it reads'} as undefined ` +
      `(${has}; set it with SESSIONDATA or the make-call session_data first)${near.length ? `; did you mean ${near.join(', ')}?` : ''}`
    const { ctx } = this.host
    if (ctx.breaks('voxology/condition-values', problem)) throw new CallspecError(ruleFailure('Voxology', ctx.rules, 'voxology/condition-values', problem))
  }

  /** A COLLECT's nested SAYs (templates filled in now) and PLAYs, as prompts. */
  #collectPrompts(action: CollectAction): Prompt[] {
    return (action.actions ?? []).flatMap((p) =>
      p.type === 'SAY' ? promptsOf({ kind: 'speech', text: this.#render(p.params.text) }, p.params.loop) : promptsOf({ kind: 'audio', text: p.params.url }, p.params.loop),
    )
  }

  /**
   * Control flow and data are the platform's own doing: notes, unless the test asked to expect
   * them. The first note of a call says so, so a failed expectAction('LABEL') shows why and the
   * option that queues them.
   */
  #control(action: Action, summary: string): void {
    const { host } = this
    if (host.options.queueControlFlow) return this.#record(action, summary, [])
    host.ctx.note(`${action.type} ${summary}`)
    if (this.#controlFlowExplained) return
    this.#controlFlowExplained = true
    host.ctx.note(
      `IF, GOTO, LABEL and SESSIONDATA run on the platform and are noted here (·), not queued as actions: expectAction('${action.type}') does not see them unless vendor: { queueControlFlow: true }`,
    )
  }

  #record(action: Action, summary: string, prompts: Prompt[], endsCall = false): void {
    this.lastAction = action
    this.host.ctx.action({ name: action.type, raw: action, source: 'response', summary, prompts, endsCall })
  }

  /** The action the script last put before the caller (nested-prompt.ts reads it for a failed expectAction). */
  lastAction: Action | undefined

  /**
   * A SAY text with its `${…}` filled in. A variable with no value is spoken as
   * BEHAVIOUR.missingTemplateValue and breaks voxology/templates (the docs do not say what the
   * platform speaks for one); once per placeholder per call. Unknown variables were reported
   * when the script was read (voxology/known-variables).
   */
  #render(text: string): string {
    const { text: spoken, missing } = renderTemplate(text, this.host.variables())
    const fresh = missing.filter((m) => isNative(m) && !this.#missingReported.has(m))
    if (fresh.length === 0) return spoken
    for (const m of fresh) this.#missingReported.add(m)
    const { ctx } = this.host
    const problem =
      `SAY ${quote(text)} was spoken as ${quote(spoken)}: ${fresh.join(', ')} ${fresh.length > 1 ? 'have' : 'has'} no value, so ${fresh.length > 1 ? 'they are' : 'it is'} spoken as ` +
      `${BEHAVIOUR.missingTemplateValue === '' ? 'nothing' : JSON.stringify(BEHAVIOUR.missingTemplateValue)} (set it with SESSIONDATA or the make-call session_data first)`
    if (ctx.breaks('voxology/templates', problem)) throw new CallspecError(ruleFailure('Voxology', ctx.rules, 'voxology/templates', problem))
    return spoken
  }
}

/** `"Hi ${sessionData.firstName}."`, shortened. */
const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text)

/** Whether a placeholder (`${sessionData.name}`, `${$keyPresses}`) reads one of the variables the docs show. */
const isNative = (placeholder: string) => (NATIVE_VARIABLES as readonly string[]).includes(/^\$\{\s*\$?([A-Za-z_][A-Za-z0-9_]*)/.exec(placeholder)?.[1] ?? '')

/** A condition's read of a session-data key: `$sessionData.VIP`, `$sessionData.address.city`. */
const SESSION_KEY = /^\$\s*sessionData\s*\./
/** `$sessionData.VIP`, whatever the spaces in the condition. */
const key = (text: string) => text.replace(/\s+/g, '').slice(1)
/** Names compared as a near miss: case and `_` aside. */
const fold = (name: string) => name.toLowerCase().replaceAll('_', '')

/** `$keyPresses = "1", $sessionData.age = 34`: the values an IF saw. */
function describeReads(reads: readonly Read[]): string {
  if (reads.length === 0) return 'no variables read'
  return `saw ${reads.map((r) => `${r.text} = ${showValue(r.value)}`).join(', ')}`
}

/** An endless GOTO loop is the app's bug: say so, with the loop's labels, rather than hang. */
function loopError(program: Program, path: string): VendorPayloadError {
  const labels = program.loopLabels()
  const loop = labels.length ? `it keeps jumping through LABEL ${labels.join(' → ')}` : 'no GOTO was taken'
  const message =
    `the app's script never ends: it executed ${BEHAVIOUR.maxActionsPerScript} actions (BEHAVIOUR.maxActionsPerScript) without finishing, and ${loop}. ` +
    `A GOTO loop needs a way out: a COLLECT the caller answers, an IF that leaves it, a REDIRECT or a HANGUP.`
  return new VendorPayloadError(message, [{ path, message }])
}
