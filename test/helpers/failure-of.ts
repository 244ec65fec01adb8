/** The error a flow fails with; a flow that passes fails the test instead. */
export async function failureOf(flow: PromiseLike<unknown>): Promise<Error & { issues?: unknown[] }> {
  try {
    await flow
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to fail, but it passed')
}
