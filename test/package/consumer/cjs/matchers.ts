// Type-checked as CommonJS (never run): the matcher types must reach vitest's typings from here too.
import { expect } from 'vitest'
import { callTo } from 'callspec'

export async function typed(): Promise<void> {
  const call = await callTo('http://127.0.0.1:9', { platform: '8x8' }).expectAction('say', { params: { text: 'Hello' } })
  expect(call).toHavePlayed('Hello')
  expect(call).toHaveAction('say')
  // A misspelt name is a type error here too: it took any string in CommonJS (newcomer audit-91).
  // @ts-expect-error 'sayy' is no 8x8 action
  expect(call).toHaveAction('sayy')
}
