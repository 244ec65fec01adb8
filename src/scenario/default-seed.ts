import { isAbsolute, relative } from 'node:path'
import { seedFrom } from '../utils/random.js'

/**
 * A scenario has no test line to derive a seed from: its file and its name do the job, so a rerun
 * repeats. The file is its path relative to the working directory, with forward slashes, not its
 * base name: `a/menu.yaml` and `b/menu.yaml` would otherwise share seeds, hence session ids, and
 * collide at an app keyed by session; and a checkout anywhere, on any system, gets the same seeds.
 */
export function defaultScenarioSeed(file: string, name: string, runSeed?: number): number {
  const path = (isAbsolute(file) ? relative(process.cwd(), file) : file).replace(/\\/g, '/').replace(/^(\.\/)+/, '')
  // A run's own seed (callspec run --seed) makes every call of it another call at the app.
  return seedFrom(`${path}#${name}${runSeed === undefined ? '' : `#${runSeed}`}`)
}
