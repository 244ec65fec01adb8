/**
 * Child process of retention.test.ts: places `calls` calls of one platform against a minimal
 * in-process app, one after another, under `--trace-gc-nvp` (the parent reads V8's lines).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { callTo } from '../../src/index.js'
import { scenarios } from '../bench/scenarios/index.js'
import type { BenchScenario } from '../bench/scenario.js'

/** A Voxology survey question as a raw listener: the script, then a goodbye once a key came. */
const FIRST = JSON.stringify({ actions: [{ type: 'SAY', params: { text: 'Rate us from 1 to 5.' } }, { type: 'COLLECT', name: 'rating', params: { num_digits: 1 } }] })
const BYE = JSON.stringify({ actions: [{ type: 'SAY', params: { text: 'Thanks.' } }, { type: 'HANGUP' }] })
const voxology: BenchScenario = {
  platform: 'voxology',
  listener: (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.end(body.includes('"key_presses":[]') ? FIRST : BYE)
    })
  },
  call: (using, target, seed) =>
    using(target, { platform: 'voxology', seed }).expectAction('SAY').expectAction('COLLECT').pressDigits('4').expectAction('SAY').expectAction('HANGUP'),
}

const [platform, calls] = [process.argv[2], Number(process.argv[3])]
const scenario = [...scenarios, voxology].find((s) => s.platform === platform)
if (!scenario) throw new Error(`no scenario for ${platform}`)
for (let i = 0; i < calls; i++) await scenario.call(callTo, scenario.listener, i)
