/**
 * Where a sequential call to an app in another process spends its time, split at the moments undici
 * reports (its diagnostics channels, process-wide by name, so callspec's undici and the raw loop's
 * report alike): before the first request is written (setup), from each request written to its
 * answer's end (on the wire: the app's work and the loopback), between an answer and the next
 * request (the client's own work on the turn), and after the last answer (the end). The raw undici
 * loop and callspec's call send the same requests, so what differs is callspec's work and what it
 * does to the timing of the rest.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'

export type Split = Record<'setup' | 'wire' | 'between' | 'end' | 'total', number>
type Mark = 'begin' | 'sent' | 'answered' | 'over'

const SENT = 'undici:client:sendHeaders'
const ANSWERED = 'undici:request:trailers'

/** µs a call in each part, median over `calls` calls of each loop, the loops interleaved call by call. */
export async function criticalPath(loops: Record<string, (i: number) => PromiseLike<unknown>>, calls: number): Promise<Record<string, Split>> {
  let marks: Array<[Mark, number]> | undefined
  const now = () => Number(process.hrtime.bigint()) / 1000
  const onSent = () => marks?.push(['sent', now()])
  const onAnswered = () => marks?.push(['answered', now()])
  subscribe(SENT, onSent)
  subscribe(ANSWERED, onAnswered)
  const splits: Record<string, Split[]> = Object.fromEntries(Object.keys(loops).map((name) => [name, []]))
  try {
    for (let i = 0; i < calls; i++) {
      for (const [name, loop] of Object.entries(loops)) {
        marks = [['begin', now()]]
        await loop(i)
        marks.push(['over', now()])
        splits[name]!.push(split(marks))
        marks = undefined
      }
    }
  } finally {
    unsubscribe(SENT, onSent)
    unsubscribe(ANSWERED, onAnswered)
  }
  return Object.fromEntries(Object.entries(splits).map(([name, all]) => [name, medians(all)]))
}

/** One call's marks summed into its parts. */
function split(marks: Array<[Mark, number]>): Split {
  const out: Split = { setup: 0, wire: 0, between: 0, end: 0, total: marks.at(-1)![1] - marks[0]![1] }
  for (let j = 1; j < marks.length; j++) {
    const [from, at] = marks[j - 1]!
    const [to, next] = marks[j]!
    const part = from === 'begin' ? 'setup' : from === 'sent' ? 'wire' : to === 'over' ? 'end' : 'between'
    out[part] += next - at
  }
  return out
}

function medians(all: Split[]): Split {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const keys = ['setup', 'wire', 'between', 'end', 'total'] as const
  return Object.fromEntries(keys.map((k) => [k, median(all.map((s) => s[k]))])) as Split
}
