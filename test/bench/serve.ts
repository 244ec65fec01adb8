/** Serves one bench scenario's app in its own process (the "sustained" bench): prints its port. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { scenarios } from './scenarios/index.js'

const scenario = scenarios.find((s) => s.platform === process.argv[2])
if (!scenario) throw new Error(`no bench scenario ${process.argv[2]}`)
const server = createServer(scenario.listener)
server.listen(0, '127.0.0.1', () => console.log(`port ${(server.address() as AddressInfo).port}`))
// The parent closes our stdin when it is done; so does its death.
process.stdin.on('end', () => server.close(() => process.exit(0))).resume()
