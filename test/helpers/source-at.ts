import { readFileSync } from 'node:fs'

/** `file:line:column` of `token` on the line of `file` that carries `marker` (where a failure should point). */
export function sourceAt(file: string, marker: string, token: string): string {
  const lines = readFileSync(file, 'utf8').split('\n')
  const index = lines.findIndex((l) => l.includes(marker) && !l.includes('sourceAt('))
  return `${file}:${index + 1}:${lines[index]!.indexOf(token) + 1}`
}

/** The first frame of an error's stack, as `file:line:column`. */
export const topFrame = (error: Error): string | undefined => /at (?:.* \()?(.*?)\)?$/.exec(error.stack!.split('\n').find((l) => /^\s+at /.test(l))!)![1]
