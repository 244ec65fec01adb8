export { createStartAgent, type AgentHandle, type AgentOptions } from './start-agent.js'
export type { AgentPeer } from './agent-channel.js'
