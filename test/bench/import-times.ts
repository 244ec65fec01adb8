import { execFileSync } from 'node:child_process'

/**
 * `import(specifier)` timed in a fresh node process each run (the cost every vitest worker and
 * every test file's module graph pays), from the built package as users get it.
 *
 * `callspec/vitest` is timed with vitest already loaded, as a worker runs a setup file. Timed from
 * a bare process it counted vitest's own 32 files too: in one process each, 7 runs on a busy
 * machine, `import('vitest')` took 167-412 ms and the setup file after it 58-389 ms. Outside a
 * vitest run the setup file stops at its first hook (vitest's "failed to find the runner"), so
 * the few registrations after that are not timed.
 */
export async function importTimes(specifiers: string[], runs: number): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(specifiers.map((s) => [s, []]))
  for (let i = 0; i < runs; i++) {
    // Interleaved, so machine drift hits every specifier alike.
    for (const specifier of specifiers) {
      const before = specifier === 'callspec/vitest' ? "await import('vitest');" : ''
      const script = `${before} const t = performance.now(); await import(${JSON.stringify(specifier)}).catch(() => {}); process.stdout.write(String(performance.now() - t))`
      const ms = Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))
      out[specifier]!.push(ms)
    }
  }
  return out
}

/**
 * The first call in a fresh process, what a test file's first test pays on top of the import:
 * a Webex Connect call (ANSWER, PLAY, HANGUP) to an in-process request listener, the quick start's
 * usage, timed from after `import('callspec')` to the call's end; the second call beside it shows
 * what is left once everything is loaded. Each run is its own node process, from dist.
 */
export function firstCallTimes(runs: number): { first: number[]; second: number[] } {
  const script = `
    const { callTo } = await import('callspec')
    const app = (req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const { event } = JSON.parse(body || '{}')
        res.setHeader('content-type', 'application/json')
        if (event === 'ACCEPTED') return res.end(JSON.stringify({ action: 'ANSWER' }))
        if (event === 'ANSWERED') return res.end(JSON.stringify({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Hello' }] }))
        if (event === 'PLAYED') return res.end(JSON.stringify({ action: 'HANGUP' }))
        res.end()
      })
    }
    const call = () => callTo(app, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    const t0 = performance.now()
    await call()
    const t1 = performance.now()
    await call()
    process.stdout.write(JSON.stringify([t1 - t0, performance.now() - t1]))`
  const out = { first: [] as number[], second: [] as number[] }
  for (let i = 0; i < runs; i++) {
    const [first, second] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as [number, number]
    out.first.push(first)
    out.second.push(second)
  }
  return out
}

/**
 * An app's start under the agent, `node --import callspec/agent app.js`, as a Node app run for
 * callspec's calls in its own process starts (a suite's `--start`, the CLI's): a fresh process
 * that preloads the agent and exits, against a bare `node` doing the same, interleaved, wall ms
 * of the whole process as its parent sees it. The agent loads its timers library at once, also
 * without CALLSPEC_AGENT (unset here: it then only says on stderr that the app runs untouched).
 */
export function agentStartTimes(runs: number): { bare: number[]; agent: number[] } {
  const out = { bare: [] as number[], agent: [] as number[] }
  const time = (args: string[]) => {
    const started = performance.now()
    execFileSync(process.execPath, [...args, '-e', '0'], { encoding: 'utf8', stdio: 'ignore' })
    return performance.now() - started
  }
  for (let i = 0; i < runs; i++) {
    out.bare.push(time([]))
    out.agent.push(time(['--import', 'callspec/agent']))
  }
  return out
}
