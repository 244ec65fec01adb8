/**
 * vitest setup file (`callspec/coverage/setup`): in each test worker, writes every call's path
 * through the graph to the run's coverage folder, where the reporter reads them at the end.
 * Files, not worker messages: they work with threads, forks and any pool, and survive a crash.
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { onCallFinished } from '../dsl/hooks.js'
import { pathOf } from '../graph/path.js'
import { COVERAGE_DIR_ENV } from './shared.js'
import { processShared } from '../utils/process-shared.js'

const dir = process.env[COVERAGE_DIR_ENV]
// Once per worker, however many copies of this file load.
const collector = processShared('coverageCollector', () => ({ registered: false }))
if (dir && !collector.registered) {
  collector.registered = true
  const file = join(dir, `${process.pid}-${threadId}.jsonl`)
  onCallFinished(({ transcript, failure }) => {
    appendFileSync(file, `${JSON.stringify({ platform: transcript.header.platform, path: pathOf(transcript, failure) })}\n`)
  })
}
