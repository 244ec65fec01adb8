import { isScalar, parseDocument, visit } from 'yaml'

/**
 * `--vendor key=value` (repeatable): the platform simulation's options for an exploration by URL,
 * which had no way to set them (EnableX's `encrypt`, Webex Connect's `legacyPlayInput`…). The
 * value of an option whose value is text (`textOptions`: the driver's, such as EnableX's appId and
 * menuTerminator) is the text typed: `appId=0012345` was the YAML number 12345, `menuTerminator=#`
 * a YAML comment, null. Any other value is read as YAML, as the same key under a scenario file's
 * `vendor:` is (`encrypt=true` is the boolean, `numbers=["+1415…"]` a list), so what the emitted
 * scenario file says is what was explored; but a plain number or boolean whose text YAML would
 * change stays the text typed there too (keptAsTyped). Returns the options, or the usage error.
 */
export function readVendorOptions(specs: readonly string[], textOptions: readonly string[] = []): { vendor: Record<string, unknown> } | { error: string } {
  const vendor: Record<string, unknown> = {}
  for (const spec of specs) {
    const at = spec.indexOf('=')
    const key = spec.slice(0, at).trim()
    if (at <= 0 || key === '') return { error: `--vendor takes key=value, such as --vendor legacyPlayInput=true; got ${JSON.stringify(spec)}` }
    const text = spec.slice(at + 1)
    // Nothing after `=`: an unset shell variable (`--vendor appId=$APP_ID`) more often than a wish.
    // Taken, an EnableX appId of '' had every call refused 401, and 8x8's vcaPath read as YAML was
    // null, "no VCA webhook configured" (audit h212). An empty text is still written as `key=''`.
    if (text.trim() === '') return { error: `--vendor ${key}= has no value (an unset shell variable?); give one, or ${key}='' for an empty text` }
    let value: unknown
    if (textOptions.includes(key)) value = unquoted(text)
    else {
      const doc = parseDocument(text)
      const problem = doc.errors[0]
      if (problem) return { error: `--vendor ${spec}: its value is read as YAML (as under a scenario file's vendor:), and is not: ${problem.message.split('\n')[0]!.replace(/:$/, '')}` }
      value = keptAsTyped(doc).toJS() as unknown
    }
    // Defined, not assigned: `__proto__=1` assigned set the prototype, and the option was dropped with no word.
    Object.defineProperty(vendor, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return { vendor }
}

/**
 * A text option's value typed in quotes (`appId="0012345"`, `menuTerminator='#'`), as `--help`
 * says to keep a value as text: the text inside them. Taken as typed, the quotes were part of the
 * value, and every call of an exploration with `--vendor appId="0012345"` was refused 401 (its
 * APP_ID "0012345" is not vendor.appId "\"0012345\""). Anything else stays as typed.
 */
function unquoted(text: string): string {
  if (!/^(["']).*\1$/s.test(text) || text.length < 2) return text
  const doc = parseDocument(text)
  return doc.errors.length === 0 && isScalar(doc.contents) && typeof doc.contents.value === 'string' ? doc.contents.value : text
}

/**
 * Each unquoted number or boolean whose text is not how YAML writes the value back becomes that
 * text, a string: `appId=0012345` was the number 12345, a caller's `+14155550100` the number
 * 14155550100, `0x1F` 31, `1e3` 1000, `True` true. Measured (h209): an EnableX appId of
 * leading zeros reached the simulation, and the emitted scenario file, as another number. `12`,
 * `-3`, `1.5`, `true` and `false` read back the same, and stay what YAML makes them.
 */
function keptAsTyped<D extends ReturnType<typeof parseDocument>>(doc: D): D {
  visit(doc, {
    Scalar(_, node) {
      if (!isScalar(node) || node.type !== 'PLAIN' || node.source === undefined) return
      if ((typeof node.value === 'number' || typeof node.value === 'boolean') && String(node.value) !== node.source) node.value = node.source
    },
  })
  return doc
}
