/**
 * A long transcript cut to what a person reads in a failure message. Two steps: the same lines
 * coming round again and again (an app looping: a GOTO back to its LABEL, a refused request
 * retried every second) are shown once, with how often they came; then, if still too long, the
 * first lines, those of the failing turn and the last ones are kept, with a count of the rest.
 * Measured before (helper-21, helper-25): 43,000 lines for one retry loop, then 200 lines of the
 * same three lines once the length alone was capped.
 */
export interface TranscriptLine {
  text: string
  turn: number
}

/** The longest block of lines looked for as a repeat, and how often it must come to be folded. */
const MAX_BLOCK = 8
const MIN_REPEATS = 3
/**
 * In a transcript that fits anyway, or a list (the actions a test never expected, run-flow.ts): a
 * round folded only if it came at least this often, so the fold says "2 more times" or more.
 * Measured before (audit-f): a Voxology app's 20 identical callbacks, each with its warning, were
 * 40 lines under the headline, and a hold-music loop's 200 leftover PLAYs 200 list lines.
 */
export const FOLD_IN_SHORT = 4

export function shortTranscript(lines: readonly TranscriptLine[], markTurn: number | undefined, maxLines: number): string[] {
  if (lines.length <= maxLines) return foldRepeats(lines, FOLD_IN_SHORT).map((l) => l.text)
  const folded = foldRepeats(lines)
  if (folded.length <= maxLines) return folded.map((l) => l.text)
  return cut(folded, markTurn, maxLines)
}

/**
 * Two lines as a loop sees them: alike but for their numbers (times, turns, ids) and the padding
 * around them. Compared in place: shaping 76,000 lines with regular expressions first took 460 ms.
 */
function sameShape(a: string, b: string): boolean {
  if (a === b) return true
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(j)
    if (isDigit(x) && isDigit(y)) {
      while (i < a.length && isDigit(a.charCodeAt(i))) i++
      while (j < b.length && isDigit(b.charCodeAt(j))) j++
    } else if (x === SPACE && y === SPACE) {
      while (i < a.length && a.charCodeAt(i) === SPACE) i++
      while (j < b.length && b.charCodeAt(j) === SPACE) j++
    } else if (x !== y) return false
    else {
      i++
      j++
    }
  }
  return i === a.length && j === b.length
}

const SPACE = 32
const isDigit = (code: number) => code >= 48 && code <= 57

/** Rounds of lines that came `minRepeats` times or more in a row: shown once, with a count, then the last one. */
export function foldRepeats(lines: readonly TranscriptLine[], minRepeats = MIN_REPEATS): TranscriptLine[] {
  const same = (a: number, b: number, k: number) => {
    for (let j = 0; j < k; j++) if (!sameShape(lines[a + j]!.text, lines[b + j]!.text)) return false
    return true
  }
  const out: TranscriptLine[] = []
  for (let i = 0; i < lines.length; ) {
    let best: { k: number; repeats: number } | undefined
    for (let k = 1; k <= MAX_BLOCK && i + k * minRepeats <= lines.length; k++) {
      let repeats = 1
      while (i + (repeats + 1) * k <= lines.length && same(i, i + repeats * k, k)) repeats++
      if (repeats >= minRepeats && (!best || repeats * k > best.repeats * best.k)) best = { k, repeats }
      // One line over and over: no longer block folds it tighter (and each would walk it again).
      if (k === 1 && best) break
    }
    if (!best) {
      out.push(lines[i]!)
      i++
      continue
    }
    const { k, repeats } = best
    const last = i + (repeats - 1) * k
    out.push(...lines.slice(i, i + k))
    const what = k === 1 ? 'the line above' : `the ${k} lines above`
    const turns = `turns ${firstTurnFolded(lines, i + k, last)}–${lines[last - 1]!.turn}`
    out.push({ text: `  … ${what} came round ${(repeats - 2).toLocaleString('en-US')} more times (${turns}; only their numbers differ)`, turn: lines[i + k]!.turn })
    // The last time round, as it ended.
    out.push(...lines.slice(last, last + k))
    i = last + k
  }
  return out
}

/**
 * The first turn the lines `from`..`to` (exclusive) fold away: the first one after the turn of the
 * line shown above them. A round can start mid-turn (a hold-music loop's round is a PLAY, its
 * prompt, then the next PLAYED event), and then the first folded line (the PLAY) is of the turn
 * whose event the shown round ends with; counted from it, the fold named that shown turn as its
 * first ("turns 3–199" under "3 → PLAYED"). A fold within one turn names that turn.
 */
function firstTurnFolded(lines: readonly TranscriptLine[], from: number, to: number): number {
  const shown = lines[from - 1]!.turn
  for (let j = from; j < to; j++) if (lines[j]!.turn > shown) return lines[j]!.turn
  return lines[from]!.turn
}

/** Keeps a fifth from the start, the marked turn's lines with some around them, the rest from the end. */
function cut(lines: readonly TranscriptLine[], markTurn: number | undefined, maxLines: number): string[] {
  const kept = new Set<number>()
  for (let i = 0; i < Math.floor(maxLines / 5); i++) kept.add(i)
  const marked = markTurn === undefined ? [] : lines.flatMap((l, i) => (l.turn === markTurn ? [i] : []))
  if (marked.length > 0) {
    const around = Math.floor(maxLines / 10)
    const from = Math.max(0, marked[0]! - around)
    const to = Math.min(lines.length - 1, marked[marked.length - 1]! + around, from + Math.floor(maxLines / 2))
    for (let i = from; i <= to; i++) kept.add(i)
  }
  for (let i = lines.length - 1; i >= 0 && kept.size < maxLines; i--) kept.add(i)
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    if (kept.has(i)) out.push(lines[i]!.text)
    else if (i === 0 || kept.has(i - 1)) {
      let j = i
      while (j < lines.length && !kept.has(j)) j++
      out.push(`  … ${(j - i).toLocaleString('en-US')} lines left out here (turns ${lines[i]!.turn}–${lines[j - 1]!.turn}): call.transcript.print() shows them all`)
    }
  }
  return out
}
