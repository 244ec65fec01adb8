/**
 * Adds `item` to `list` and returns what takes it out again. An array, not a Set: the lists here
 * hold one or two entries, added and removed on every webhook or call, and a Set's add and delete
 * cost more (measured on the app clock's watchers: ~4 µs a call).
 */
export function subscribe<T>(list: T[], item: T): () => void {
  list.push(item)
  return () => {
    const at = list.indexOf(item)
    if (at >= 0) list.splice(at, 1)
  }
}
