import { describe, expect, it } from 'vitest'
import { drivers } from '../../src/index.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { scenarioErrorOf } from '../helpers/scenario-error-of.js'

// QA-163 Q2: a # in unquoted prompt text, after a space, starts a YAML comment. `heard: /press #
// to confirm/` was said to be "a /pattern/ cut short by a comma or colon" (there is none), and
// `{ text: Press # to confirm }` "not valid YAML: a { is not closed" at the next line. Now each is
// said as press's is: YAML read the # as a comment; quote the text, at the #.
const errorOf = scenarioErrorOf
const steps = (...lines: string[]) => `platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n${lines.join('\n')}\n`

describe('a # in unquoted prompt text', () => {
  it.each([
    ['heard: a pattern with a #', steps('  - heard: /press # to confirm/'), 's.yaml:5:19: step 3 (heard): YAML read "# to confirm/" as a comment (a # after a space starts one), so the text stopped at "/press": quote the text, # and all: "/press # to confirm/"'],
    ['heard: a # and a comma', steps('  - heard: /for sales, press #/'), 's.yaml:5:30: step 3 (heard): YAML read "#/" as a comment (a # after a space starts one), so the text stopped at "/for sales, press": quote the text, # and all: "/for sales, press #/"'],
    ['match: a pattern with a #, in block style', steps('    match:', '      audio:', '        - text: /Press # to confirm/'), 's.yaml:7:24: step 2 (expect PLAY): YAML read "# to confirm/" as a comment (a # after a space starts one), so the text stopped at "/Press": quote the text, # and all: "/Press # to confirm/"'],
    [
      'match: text with a # inside { }',
      steps('    match: { audio: [{ text: Press # to confirm }] }', '  - press: "1"', '  - expectHangup'),
      's.yaml:5:36: not valid YAML: YAML read "# to confirm }] }" as a comment (a # after a space starts one), so the { before it is not closed: quote the text, # and all: text: "Press # to confirm"',
    ],
    [
      'match: a # inside [ ] in a { } on lines of its own',
      steps('    match: {', '      audio: [{ type: TTS, text: Enter your PIN then # }],', '    }', '  - hangup'),
      's.yaml:6:54: not valid YAML: YAML read "# }]," as a comment (a # after a space starts one), so the { before it is not closed: quote the text, # and all: text: "Enter your PIN then #"',
    ],
  ])('%s: said at the #, with the text quoted', (_name, text, message) => {
    expect(errorOf(text)).toBe(message)
  })

  it('a comment after a value, or after a { } it closed, is still a comment', () => {
    const text = steps('    match: { audio: [{ text: "Press # to confirm" }] } # the menu', '  - heard: "/press # to confirm/"  # quoted', '  - heard: Goodbye. # a comment', '  - expectHangup')
    expect(parseScenarioFile(text, 's.yaml', drivers).scenarios[0]!.steps).toHaveLength(5)
  })
})
