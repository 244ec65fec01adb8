/**
 * An app's error as a failure quotes it: its name, message and the top of its stack (where it
 * was thrown), not the whole trace. Shared by the synchronous throw the in-memory socket catches
 * and the uncaught one app-crashes.ts sees, so both read alike.
 */
export function errorHead(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return (error.stack ?? `${error.name}: ${error.message}`).split('\n').slice(0, 4).join('\n')
}
