/**
 * `value` as a JavaScript literal, as a test would write it: strings in single quotes, keys bare
 * where they can be (`{ webhookPath: '/ivr', vendor: { serviceKey: 'k' } }`), a Date as its ISO
 * string. Undefined for what is no data (a function, a class instance such as a server): printed
 * code cannot carry it.
 */
export function jsLiteral(value: unknown): string | undefined {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : jsLiteral(value.toISOString())
  if (Array.isArray(value)) {
    const items = value.map(jsLiteral)
    return items.includes(undefined) ? undefined : `[${items.join(', ')}]`
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return undefined
  const entries: string[] = []
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue
    const text = jsLiteral(item)
    if (text === undefined) return undefined
    entries.push(`${/^[A-Za-z_$][\w$]*$/.test(key) ? key : jsLiteral(key)}: ${text}`)
  }
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
}
