/**
 * Child process of retention.test.ts: places `calls` bench calls of one platform against an
 * in-process app, one after another, under `--trace-gc-nvp` (the parent reads V8's lines).
 */
import { callTo } from '../../src/index.js'
import { scenarios } from '../bench/scenarios/index.js'

const [platform, calls] = [process.argv[2], Number(process.argv[3])]
const scenario = scenarios.find((s) => s.platform === platform)
if (!scenario) throw new Error(`no bench scenario for ${platform}`)
for (let i = 0; i < calls; i++) await scenario.call(callTo, scenario.listener, i)
