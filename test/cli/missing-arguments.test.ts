import { describe, expect, it } from 'vitest'
import { cli } from './run-cli.js'

// A QA engineer's first try, `callspec explore` or `callspec validate webex-connect action`, got the
// whole usage on stderr and no line saying what was missing (callspec run said it: "name the
// scenario files to run…"). Each now says what is missing first, exit 2.
describe('a command given too few arguments says which', () => {
  it('explore with nothing to explore: one line naming both forms, and the --help line', async () => {
    const { code, out, err } = await cli(['explore'])
    expect(err).toBe(
      "callspec explore: name what to explore: the app's URL with its platform (callspec explore http://127.0.0.1:8000 --platform webex-connect), or a config module\nRun callspec explore --help for the options.\n",
    )
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('validate with two of its three arguments, or four: what it got, then its usage', async () => {
    const two = await cli(['validate', 'webex-connect', 'action'])
    expect(two.err).toMatch(/^callspec validate: give the platform, the kind and the file \(- for stdin\), e\.g\. callspec validate webex-connect action answer\.json; got "webex-connect" "action"\n\nUsage: callspec validate /)
    expect(two.code).toBe(2)
    const four = await cli(['validate', 'webex-connect', 'action', 'a.json', 'b.json'])
    expect(four.err).toMatch(/^callspec validate: takes three arguments, the platform, the kind and the file; got 4: "webex-connect" "action" "a\.json" "b\.json"\n\nUsage: /)
    expect(four.code).toBe(2)
  })
})
