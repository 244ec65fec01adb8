import { Document, Scalar, visit } from 'yaml'

/**
 * A string YAML could read as something else, or that a reader could mistake for it: keys
 * (`1234#`, `*9`), anything with a `#` (a comment after a space), anything that starts like a
 * number (`1_000` and `1:30` are numbers to a YAML 1.1 reader). The yaml library quotes only what
 * its own YAML 1.2 reading would change, so `press: 1234#` came out bare next to `press: "1"`.
 */
const quoteIt = (text: string) => /#/.test(text) || /^[-+.]?[0-9]/.test(text) || /^[*&!|>%@`'"]/.test(text)

/**
 * `data` as the YAML of a scenario file callspec writes (`callspec dial --save`,
 * `callspec explore --emit-scenarios`): block style, no line wrapping, and every key pressed
 * and every string that could read as a number or holds a `#` in double quotes, so the file reads
 * back exactly and the keys look alike (`press: "1"`, `press: "1234#"`).
 */
export function scenarioYamlText(data: unknown): string {
  const doc = new Document(data)
  visit(doc, {
    Pair(_, pair) {
      const value = pair.value
      if (value instanceof Scalar && typeof value.value === 'string' && (String((pair.key as Scalar | undefined)?.value) === 'press' || quoteIt(value.value))) {
        value.type = Scalar.QUOTE_DOUBLE
      }
    },
    Seq(_, seq) {
      for (const item of seq.items) if (item instanceof Scalar && typeof item.value === 'string' && quoteIt(item.value)) item.type = Scalar.QUOTE_DOUBLE
    },
  })
  return doc.toString({ lineWidth: 0 })
}
