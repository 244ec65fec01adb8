import type { Action } from './schemas.js'

/**
 * A failed `expectAction('SAY')` whose action is a COLLECT holding that SAY as its prompt: the
 * prompt is part of the COLLECT (its `actions`), played while it listens, not an action of its own.
 * Measured (helper-188): the failure said only `expected action SAY …, got COLLECT "q1" (max 1, 5 s
 * timeout)`, and the survey's question text, which the test matched, was nowhere in it.
 */
export function nestedPromptHint(name: string, last: Action | undefined): string | undefined {
  if (last?.type !== 'COLLECT' || (name !== 'SAY' && name !== 'PLAY')) return undefined
  const index = (last.actions ?? []).findIndex((prompt) => prompt.type === name)
  if (index < 0) return undefined
  const prompt = last.actions![index]!
  const shown = prompt.type === 'SAY' ? `text: ${JSON.stringify(short(prompt.params.text))}` : `url: ${JSON.stringify(short(prompt.params.url))}`
  const match = prompt.type === 'SAY' ? `{ actions: [{ params: { text: … } }] }` : `{ actions: [{ params: { url: … } }] }`
  return (
    `The COLLECT's ${name} (its actions[${index}], ${shown}) is its prompt, played while it listens, not an action of its own: ` +
    `expect the COLLECT, matching its prompt with expectAction('COLLECT', ${match}), or check what the caller heard with toHavePlayed(…).`
  )
}

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text)
