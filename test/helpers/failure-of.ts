import { stripVTControlCharacters } from 'node:util'
/** The error a flow fails with; a flow that passes fails the test instead. */
export async function failureOf(flow: PromiseLike<unknown>): Promise<Error & { issues?: Array<{ path: string; message: string }> }> {
  try {
    await flow
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to fail, but it passed')
}

/** The message a failing assertion throws, without vitest's colours. */
export const messageOf = (assert: () => void): string => {
  try {
    assert()
  } catch (error) {
    return stripVTControlCharacters((error as Error).message)
  }
  throw new Error('expected the assertion to fail')
}
