/**
 * The words a speech menu's prompt offers the caller, to try as speech: a heuristic, kept simple
 * on purpose. It reads three forms, in English:
 *   - quoted words: `say "billing"`, `“agent”`, `say 'yes'`;
 *   - what follows "say" up to the end of the clause: `say billing or sales`, `say hours`,
 *     `say billing, sales, or support`; not a phrase that begins "your", "a" or "an", or "the X
 *     of" (`say your account number`, `say an amount`, `say the name of the city`: what to say,
 *     not a word to say);
 *   - a pair joined by "or": `billing or sales?`.
 * Numbers and common function words are left out (the keys are tried as digits). It cannot know
 * what the app's grammar takes: a word it misses is given with `--hint` (`--hint '/menu/=billing'`).
 * Before, a speech menu was explored with the hints and one unexpected utterance only, and a
 * branch reached by a spoken word alone was never found.
 */
const MOST = 6

// Not `yes` and `no`: a confirmation's only choices (`Say yes or no.`), and left out, none was tried (h208).
const NOT_A_CHOICE = new Set(
  'a an the to of for in on at by it is are be you your me my us our we i or and not please now then just also can may will would like any one more again that this these those with from about press say speak tell enter key digit number option'.split(' '),
)

/**
 * How a "say X" phrase that asks for something of the caller's begins (`say your account number`,
 * `say an amount`, `say the name of the department`): what to say, not a word of the menu's to
 * say. Tried as speech, it was filler (h209). Not any phrase with "the" or "my": `say the
 * weather, the news, or sports` and `say my balance` offer words the caller says as they are,
 * and skipped, the explorer never found their branches (audit h212); a request that still gets
 * through (`say the department`) costs a probe, a branch missed costs the coverage. Quoted words
 * are taken as they are.
 */
const ASKS_FOR_SOMETHING = /^\s*(?:your|an?)\s|^\s*the\s+\p{L}+\s+of\s/iu

/**
 * Words in quotes, double or single (`Say 'yes' to confirm`); a single quote only where no letter
 * touches it outside, so an apostrophe (`don't`, `caller's`) opens none. Single quotes were not
 * read, and the "say" pass tried `yes' to confirm` as speech.
 */
const QUOTED = /["“]([^"”]{1,40})["”]|(?<!\p{L})['‘]([^'’"“”]{1,40}?)['’](?!\p{L})/gu

/** A "say" item that opens with a quote: the quoted pass took its words, and what follows the quote is no choice (`'yes' to confirm`). */
const STARTS_QUOTED = /^\s*["“'‘]/

export function offeredWords(prompt: string): string[] {
  const found: string[] = []
  const add = (phrase: string) => {
    const word = phrase.trim().toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
    if (word === '' || /\d/.test(word) || NOT_A_CHOICE.has(word) || word.split(/\s+/).length > 3 || found.includes(word)) return
    found.push(word)
  }
  for (const [, double, single] of prompt.matchAll(QUOTED)) add((double ?? single)!)
  for (const [, list] of prompt.matchAll(/\bsay\s+([^.;:!?()]+)/gi)) {
    // `say billing or sales`, `say billing, sales, or support`: each item, one word or a short phrase.
    // A "say" in the list starts an item (`say the department, or say operator`: `operator`, not `say operator`).
    const parts = list!.split(/\bsay\b/i)
    parts.forEach((part, i) => {
      const items = part.split(/,|\bor\b/i)
      // The words after the last comma before a further "say" lead into it (`for billing say
      // billing, for sales say sales`): `for sales` was tried as speech.
      if (i < parts.length - 1 && items.length > 1) items.pop()
      for (const item of items) if (!ASKS_FOR_SOMETHING.test(item) && !STARTS_QUOTED.test(item)) add(item)
    })
  }
  for (const [, left, right] of prompt.matchAll(/\b(\p{L}+)\s+or\s+(\p{L}+)\b/giu)) {
    add(left!)
    add(right!)
  }
  return found.slice(0, MOST)
}
