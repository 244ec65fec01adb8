/** Sockets, servers and timers the process holds (vitest's own are in the baseline). */
export const openHandles = () =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap')
    .sort()

/** libuv finishes closing a handle a loop turn or two after close(): poll, bounded. */
export async function settledHandles(expected: string[]): Promise<string[]> {
  for (let i = 0; i < 50 && JSON.stringify(openHandles()) !== JSON.stringify(expected); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return openHandles()
}
