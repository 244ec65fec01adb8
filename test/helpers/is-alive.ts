/** Whether a process with this id still runs (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * The process id a `--start` command wrote with `echo $$ > file`, once the whole line is there.
 * The file exists before `echo` has written it: read at once it can be empty, and Number('') is 0,
 * which `isAlive` reads as this process's own group (alive): measured, on Node 22 a SIGINT test
 * read 0 and then found "the app" still alive after the run had stopped it.
 */
export async function pidFrom(file: string, withinMs = 30_000): Promise<number> {
  const { existsSync, readFileSync } = await import('node:fs')
  for (const until = Date.now() + withinMs; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
    if (/^\d+\n$/.test(text)) return Number(text)
  }
  throw new Error(`no process id in ${file} after ${withinMs} ms`)
}
