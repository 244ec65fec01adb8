/**
 * Users run tests under module loader hooks (tsx, ts-node, custom loaders). Under hooks, every
 * `import()` resolves through the hooks thread, a round trip measured at more than half a call's
 * time when each call imported the run loop. Guarded by what resolves, not by a clock: in a child
 * process with a counting resolve hook, twenty calls resolve callspec's run loop once. Run
 * `npm run build` first; `npm test` does.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { WEBEX_APP_SOURCE } from '../bench/webex-app-source.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

const HOOKS = `
let port
export function initialize(data) { port = data.port }
export async function resolve(specifier, context, next) { port.postMessage(specifier); return next(specifier, context) }
`

const CHILD = `
import { register } from 'node:module'
import { MessageChannel } from 'node:worker_threads'
const { port1, port2 } = new MessageChannel()
const resolved = []
port1.on('message', (specifier) => resolved.push(specifier))
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { port: port2 }, transferList: [port2] })
const { callTo } = await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)})
${WEBEX_APP_SOURCE.replace(/^export /, '')}for (let i = 1; i <= 20; i++) await callTo(listener, { platform: 'webex-connect', seed: i }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
// Messages from the hooks thread arrive asynchronously: let them in before counting.
await new Promise((resolve) => setTimeout(resolve, 100))
port1.close()
console.log(JSON.stringify(resolved.filter((specifier) => /run-flow/.test(specifier))))
`

it('resolves the run loop once for twenty calls under a loader hook', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  const runLoop = JSON.parse(out.trim().split('\n').at(-1)!) as string[]
  expect(runLoop).toHaveLength(1)
  expect(runLoop[0]).toMatch(/^\.\/run-flow-[\w-]+\.js$/)
})
