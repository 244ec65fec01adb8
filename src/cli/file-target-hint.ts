import type { ScenarioResult } from '../scenario/run.js'
import { neverReachedApp } from './no-call-reached.js'

/**
 * A file's own `target:` is kept over --wait-on's origin (only --target overrides it), so with
 * --start its calls do not go to the app the run started. A file written by `callspec explore
 * --emit-scenarios` names the URL it explored: run with an app --start'ed on another port, its
 * calls found nothing listening and said only "is the app running?" while the app ran, at the
 * address --wait-on named (helper-186). The hint names each such file and its target, and the way
 * to send the calls to the started app. Undefined when no call found nothing at a file's own target
 * other than `started` (--wait-on's origin).
 */
export function fileTargetHint(results: readonly ScenarioResult[], started: string): string | undefined {
  const files = new Map<string, string>()
  for (const result of results) {
    const target = result.scenario.target
    if (target === undefined || !neverReachedApp(result) || originOf(target) === started) continue
    files.set(result.scenario.at.file, target)
  }
  if (files.size === 0) return undefined
  const named = [...files].map(([file, target]) => (files.size === 1 ? `${file} names its own target: ${target}, and its calls went there` : `${file} (target: ${target})`))
  const which = files.size === 1 ? named[0] : `${named.join(', ')} name their own target:, and their calls went there`
  return `Hint: ${which}, not to the app --start runs (${started}, by --wait-on): a file's target: is kept over --wait-on. Pass --target ${started} to send every call to the started app, or take target: out of the file.`
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}
