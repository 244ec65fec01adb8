import { closestName } from '../src/validation/did-you-mean.js'

const PROMISE_METHODS = new Set(['constructor', 'then', 'catch', 'finally'])

/**
 * A flow is a thenable, so an `async` helper that returns one hands back a Promise of the call's
 * result (and has started the call): chaining on it fails with V8's bare
 * "(intermediate value).pressDigits is not a function". This adds what happened and the fix.
 */
export function explainFlowMethodOnPromise(error: { message?: string; stack?: string }, flowMethods: readonly string[]): void {
  const found = /(?:(\S+)\.)?([A-Za-z_$][\w$]*) is not a function/.exec(error.message ?? '')
  const called = found?.[2]
  if (!called || error.message!.includes('[callspec]')) return
  if (!flowMethods.includes(called)) return explainMisspeltStep(error, called, flowMethods, found[1])
  // A Promise has then, catch and finally: "x.then is not a function" is never this mistake (audit-111).
  if (PROMISE_METHODS.has(called)) return
  const hint =
    `\n[callspec] .${called}() was called on a Promise or a call's result, not on a flow. A flow returned from an \`async\` function ` +
    `(or passed through \`await\`) has already run the call: the function returns a Promise of its result. ` +
    `Drop \`async\` from the helper so it returns the flow itself: const menu = () => callTo(app, …).expectAction(…)`
  if (error.stack?.includes(error.message!)) error.stack = error.stack.replace(error.message!, error.message! + hint)
  error.message += hint
}

/**
 * `.pressDigit('1')`, `.expectActon('play')`: a step a letter or a case off one of the flow's. V8
 * says only "menu(...).pressDigit is not a function" (helper-188); this names the step meant. Only
 * where a step is near: another object's missing method is left alone. Said as an if, naming what
 * V8 called it on: the error does not say what that was, and a test that made a call can miss a
 * method on anything (`reply.says` read "a call flow has no step .says()": audit h190).
 */
function explainMisspeltStep(error: { message?: string; stack?: string }, called: string, flowMethods: readonly string[], receiver: string | undefined): void {
  const steps = flowMethods.filter((m) => !PROMISE_METHODS.has(m))
  const meant = closestName(called, steps)
  if (!meant) return
  const what = receiver === undefined ? 'it' : receiver
  const hint = `\n[callspec] if ${what} is a call flow (callTo(…)…), it has no step .${called}(): did you mean .${meant}()?`
  if (error.stack?.includes(error.message!)) error.stack = error.stack.replace(error.message!, error.message! + hint)
  error.message += hint
}
