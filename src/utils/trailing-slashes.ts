/**
 * `path` without the slashes it ends with, found from the end. `path.replace(/\/+$/, '')` retried
 * the run of slashes from every slash of it: measured, a path of 50,000 slashes and a letter (an
 * app's request to the fake API, which in process no header limit bounds) blocked the event loop
 * 2.6 s, where no bound of callspec's can fire (audit h162 H1's kind).
 */
export function withoutTrailingSlashes(path: string): string {
  let end = path.length
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--
  return end === path.length ? path : path.slice(0, end)
}
