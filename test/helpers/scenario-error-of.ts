import { drivers } from '../../src/index.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'

/** The message a scenario file's text is refused with (named `s.yaml`); throws if it loads. */
export function scenarioErrorOf(text: string): string {
  try {
    parseScenarioFile(text, 's.yaml', drivers)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected a parse error')
}
