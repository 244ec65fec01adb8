import { describe, expect, it } from 'vitest'
import { CallFlow, callTo } from '../../src/index.js'
import { explainFlowMethodOnPromise } from '../../matchers/async-helper-hint.js'
import { answering, tts } from '../helpers/webex-apps.js'

const methods = Object.getOwnPropertyNames(CallFlow.prototype)

describe('a flow returned from an async helper', () => {
  it("V8's bare TypeError gets what happened and the fix", async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Menu.')], collectInput: { maxDigits: 1 } })
    // The mistake: `async` makes the helper return a Promise of the result (and run the call).
    const menu = async () => callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY')
    const running = menu()
    let error: TypeError | undefined
    try {
      ;(running as unknown as CallFlow<never>).pressDigits('1')
    } catch (e) {
      error = e as TypeError
    }
    await running.catch(() => {})
    expect(error!.message.split('\n')[0]).toMatch(/pressDigits is not a function$/)
    explainFlowMethodOnPromise(error!, methods)
    expect(error!.message.split('\n')[1]).toBe(
      '[callspec] .pressDigits() was called on a Promise or a call\'s result, not on a flow. A flow returned from an `async` function (or passed through `await`) has already run the call: the function returns a Promise of its result. Drop `async` from the helper so it returns the flow itself: const menu = () => callTo(app, …).expectAction(…)',
    )
    expect(error!.stack).toContain('[callspec] .pressDigits() was called on a Promise')
  })

  it('leaves other TypeErrors alone', () => {
    const error = new TypeError('foo.bar is not a function')
    explainFlowMethodOnPromise(error, methods)
    expect(error.message).toBe('foo.bar is not a function')
  })

  it("leaves a Promise method's alone: a Promise has then, catch and finally (audit-111: '.then() was called on a Promise')", () => {
    for (const name of ['then', 'catch', 'finally']) {
      const error = new TypeError(`saveUser(...).${name} is not a function`)
      explainFlowMethodOnPromise(error, methods)
      expect(error.message).toBe(`saveUser(...).${name} is not a function`)
    }
  })
})

describe('a method a letter off a step, on whatever V8 says it was called on', () => {
  // The error does not say what `reply` was: a test that made a call can miss a method on anything.
  // Said as a fact, "a call flow has no step .says()" read as if reply were a flow (audit h190).
  it('names the step meant as an if, naming what it was called on', () => {
    const error = new TypeError('reply.says is not a function')
    explainFlowMethodOnPromise(error, methods)
    expect(error.message).toBe('reply.says is not a function\n[callspec] if reply is a call flow (callTo(…)…), it has no step .says(): did you mean .say()?')
  })

  it('a chain: names the call V8 shows', () => {
    const error = new TypeError('menu(...).pressDigit is not a function')
    explainFlowMethodOnPromise(error, methods)
    expect(error.message).toBe('menu(...).pressDigit is not a function\n[callspec] if menu(...) is a call flow (callTo(…)…), it has no step .pressDigit(): did you mean .pressDigits()?')
  })
})
