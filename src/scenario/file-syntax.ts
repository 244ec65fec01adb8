/**
 * How a scenario file writes what a message shows it: YAML's `press: "1234"`, or JSON's
 * `"press": "1234"` for a .json file. Before, a .json file's author was told YAML (`write press:
 * "1234"`, `start a new item with -`, `write 60s`: bare text no JSON parser reads), in a file
 * where none of it can be written (QA-163 Q8).
 */
export interface FileSyntax {
  readonly json: boolean
  /** A key and its value as written in the file (`value` already quoted where it is text). */
  pair(key: string, value: string): string
  /** Text that YAML takes bare (`30s`); JSON quotes every string. */
  text(value: string): string
  /** The file's whole top level: a mapping, or a JSON object. */
  readonly mapping: string
  /** Where a second step of one list item goes. */
  readonly newStep: string
  /** Where a step's `match` written as a step of its own goes. */
  readonly matchUnderExpect: string
}

const YAML: FileSyntax = {
  json: false,
  pair: (key, value) => `${key}: ${value}`,
  text: (value) => value,
  mapping: 'a mapping',
  newStep: 'start a new item with -',
  matchUnderExpect: 'indent it under that step, without a -',
}

const JSON_FILE: FileSyntax = {
  json: true,
  pair: (key, value) => `${JSON.stringify(key)}: ${value}`,
  text: (value) => JSON.stringify(value),
  mapping: 'an object',
  newStep: 'each step is an object of its own in steps: [{ "press": "1" }, { "say": "yes" }]',
  matchUnderExpect: 'put it in the expect step\'s own object: { "expect": "PLAY", "match": { … } }',
}

/** The syntax of scenario file `file`, by its name: a .json file is JSON, anything else YAML (scenario/load.ts). */
export const syntaxOf = (file: string): FileSyntax => (/\.json$/i.test(file) ? JSON_FILE : YAML)
