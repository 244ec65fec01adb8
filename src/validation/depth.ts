/**
 * How deep a parsed JSON value nests, measured without recursion: a 100,000-deep answer would
 * overflow the stack of any recursive walker (zod, JSON.stringify, a driver's own checks), so the
 * depth is checked first, with an explicit stack, and the walk stops as soon as the bound is passed.
 */

interface Node {
  value: unknown
  depth: number
  parent: Node | undefined
  key: string | number
}

/** Where a value first nests deeper than `max` (its path, as `actions[0].then[0]`), or undefined. */
export function tooDeep(value: unknown, max: number): { path: string; depth: number } | undefined {
  const stack: Node[] = [{ value, depth: 0, parent: undefined, key: '' }]
  while (stack.length > 0) {
    const node = stack.pop()!
    const v = node.value
    if (typeof v !== 'object' || v === null) continue
    const depth = node.depth + 1
    if (depth > max) return { path: pathOf(node), depth }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], depth, parent: node, key: i })
    } else {
      for (const key in v) if (Object.hasOwn(v, key)) stack.push({ value: (v as Record<string, unknown>)[key], depth, parent: node, key })
    }
  }
  return undefined
}

/** `actions[0].then[0]`: built only for the node at fault, so the common case allocates no strings. */
function pathOf(node: Node): string {
  const keys: Array<string | number> = []
  for (let n: Node | undefined = node; n?.parent; n = n.parent) keys.push(n.key)
  let path = ''
  for (const key of keys.reverse()) path += typeof key === 'number' ? `[${key}]` : path ? `.${key}` : key
  return path
}
