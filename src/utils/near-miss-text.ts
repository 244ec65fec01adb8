/** Lower case, letters and digits only, single spaces: what two texts keep when read aloud alike. */
const spoken = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/**
 * A hint when text a test expects to hear differs from a prompt heard only in case, punctuation or
 * spacing (`welcome to acme, press 1` against `Welcome to Acme. Press 1`): the prompt is quoted, so
 * the difference is seen at once (audit-122: a heard step failed with no word of it). `whole`: the
 * text must be the whole prompt (a scenario's `heard` text), else a part of it (toHavePlayed).
 */
export function nearMissText(expected: string, prompts: readonly string[], whole: boolean): string | undefined {
  const wanted = spoken(expected)
  if (wanted === '') return undefined
  const near = prompts.find((p) => {
    const heard = spoken(p)
    return whole ? heard === wanted : heard.includes(wanted)
  })
  if (near === undefined) return undefined
  const shown = near.length > 80 ? `${near.slice(0, 80)}…` : near
  return `Hint: ${JSON.stringify(expected)} differs from ${JSON.stringify(shown)} only in case, punctuation or spacing; text matches exactly: copy it as played, or write a pattern with /…/i.`
}
