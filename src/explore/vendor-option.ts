import { parse } from 'yaml'

/**
 * `--vendor key=value` (repeatable): the platform simulation's options for an exploration by URL,
 * which had no way to set them (EnableX's `encrypt`, Webex Connect's `legacyPlayInput`…). Each
 * value is read as YAML, as the same key under a scenario file's `vendor:` is (`encrypt=true` is
 * the boolean, `numbers=["+14155550100"]` a list, `appId=abc` a string), so what the emitted
 * scenario file says is what was explored. Returns the options, or the usage error.
 */
export function readVendorOptions(specs: readonly string[]): { vendor: Record<string, unknown> } | { error: string } {
  const vendor: Record<string, unknown> = {}
  for (const spec of specs) {
    const at = spec.indexOf('=')
    const key = spec.slice(0, at).trim()
    if (at <= 0 || key === '') return { error: `--vendor takes key=value, such as --vendor legacyPlayInput=true; got ${JSON.stringify(spec)}` }
    try {
      // Defined, not assigned: `__proto__=1` assigned set the prototype, and the option was dropped with no word.
      Object.defineProperty(vendor, key, { value: parse(spec.slice(at + 1)) as unknown, enumerable: true, writable: true, configurable: true })
    } catch (error) {
      return { error: `--vendor ${spec}: its value is read as YAML (as under a scenario file's vendor:), and is not: ${(error as Error).message.split('\n')[0]!.replace(/:$/, '')}` }
    }
  }
  return { vendor }
}
