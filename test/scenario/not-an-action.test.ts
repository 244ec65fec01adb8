/**
 * Newcomer audit h199: a Voxology outbound scenario written as EnableX's is (`- expect: make-call`)
 * was told "make-call" is an enablex action: is platform right? The platform was right: Voxology's
 * Make Call is a REST request the file's startedBy makes the app send. The file's error says so, in
 * a scenario file's terms, read against the platforms `callspec run` and `scenarios()` load.
 */
import { describe, expect, it } from 'vitest'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { scenarioPlatforms } from '../../src/scenario/platforms.js'

const file = `platform: voxology
startedBy: { method: POST, path: /remind, body: { to: "+14155550123" } }
steps:
  - expect: make-call
  - expect: SAY
`

describe("a scenario's expect: make-call on Voxology", () => {
  it('says Make Call is a REST request startedBy makes the app send, not that the platform may be wrong', () => {
    let message = ''
    try {
      parseScenarioFile(file, 'calls/remind.yaml', scenarioPlatforms())
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain(
      `calls/remind.yaml:4:13: voxology has no action "make-call": Voxology's Make Call (POST /v1/Dials/Connect) is a REST request, not a script action: the file's startedBy makes the app send it, and callspec waits for it itself (the transcript shows it before turn 1). The call's actions are the script the app answers its init_call callback with: expect the first of those (expect: SAY, or COLLECT); its actions are SAY, PLAY, COLLECT`,
    )
    expect(message).not.toContain('is platform right?')
  })
})
