/**
 * The words a speech menu's prompt offers the caller, to try as speech: a heuristic, kept simple
 * on purpose. It reads three forms, in English:
 *   - quoted words: `say "billing"`, `“agent”`;
 *   - what follows "say" up to the end of the clause: `say billing or sales`, `say hours`,
 *     `say billing, sales, or support`; not a phrase that begins "your", "my", "the", "a" or
 *     "an" (`say your account number`: what to say, not a word to say);
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
 * `say the name of the department`): what to say, not a word of the menu's to say. Tried as
 * speech, it was filler (brief h209). Quoted words are taken as they are.
 */
const ASKS_FOR_SOMETHING = /^\s*(?:your|my|the|an?)\s/i

export function offeredWords(prompt: string): string[] {
  const found: string[] = []
  const add = (phrase: string) => {
    const word = phrase.trim().toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
    if (word === '' || /\d/.test(word) || NOT_A_CHOICE.has(word) || word.split(/\s+/).length > 3 || found.includes(word)) return
    found.push(word)
  }
  for (const [, quoted] of prompt.matchAll(/["“]([^"”]{1,40})["”]/g)) add(quoted!)
  for (const [, list] of prompt.matchAll(/\bsay\s+([^.;:!?()]+)/gi)) {
    // `say billing or sales`, `say billing, sales, or support`: each item, one word or a short phrase.
    // A "say" in the list starts an item (`say the department, or say operator`: `operator`, not `say operator`).
    for (const item of list!.split(/,|\bor\b|\bsay\b/i)) if (!ASKS_FOR_SOMETHING.test(item)) add(item.replace(/["“”]/g, ''))
  }
  for (const [, left, right] of prompt.matchAll(/\b(\p{L}+)\s+or\s+(\p{L}+)\b/giu)) {
    add(left!)
    add(right!)
  }
  return found.slice(0, MOST)
}
