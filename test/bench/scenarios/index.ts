import { eightByEightScenario } from '../../drivers/8x8/bench-scenario.js'
import type { BenchScenario } from '../scenario.js'
import { webexConnectScenario } from './webex-connect.js'

export const scenarios: BenchScenario[] = [webexConnectScenario, eightByEightScenario]
