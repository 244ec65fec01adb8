import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll } from 'vitest'

/**
 * A service in a process of its own, as a real database or internal API is (its replies come
 * from outside the test process, on real time): `source` listens on port 0 and prints its port.
 * Started before the file's tests, stopped after them; `port()` reads it once started.
 */
export function serviceProcess(source: string): { port(): number } {
  let port = 0
  let stop = () => {}
  beforeAll(async () => {
    const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] })
    stop = () => child.kill()
    port = Number(String((await once(child.stdout!, 'data'))[0]).trim())
  })
  afterAll(() => stop())
  return { port: () => port }
}
