/** Characters of a prompt a transcript or a failure quotes before it cuts the rest. */
export const PROMPT_QUOTE_CHARS = 500

/**
 * A prompt as a transcript line or a failure quotes it: in JSON quotes, cut after
 * PROMPT_QUOTE_CHARS with its whole length said. A 1 MB prompt was printed whole in every line that
 * named it: a 2 MB HTML report and a 1 MB JUnit file for one passing call, a failure that filled the
 * terminal (audit-122). `call.prompts` and the matchers still see every character.
 */
export function quotedPrompt(text: string): string {
  if (text.length <= PROMPT_QUOTE_CHARS) return JSON.stringify(text)
  return `${JSON.stringify(`${text.slice(0, PROMPT_QUOTE_CHARS)}…`)} (${text.length.toLocaleString('en-US')} characters)`
}
