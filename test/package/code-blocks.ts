/**
 * The code blocks of a Markdown page that name their file on their first line (`// ivr.test.ts`,
 * `# server.py`): the docs' examples, written into a consumer project as a user would paste them.
 */
export interface CodeBlock {
  readonly lang: string
  readonly file: string
  readonly code: string
}

const FENCE = /^```(\w*)\n([\s\S]*?)^```$/gm
const NAMED = /^(?:\/\/|#) ([\w./-]+\.(?:ts|cts|mts|js|cjs|mjs|py|json))\n/

export function codeBlocks(markdown: string): { named: CodeBlock[]; unnamed: { lang: string; code: string }[] } {
  const named: CodeBlock[] = []
  const unnamed: { lang: string; code: string }[] = []
  for (const [, lang = '', code = ''] of markdown.matchAll(FENCE)) {
    const file = NAMED.exec(code)?.[1]
    if (file) named.push({ lang, file, code })
    else unnamed.push({ lang, code })
  }
  return { named, unnamed }
}
