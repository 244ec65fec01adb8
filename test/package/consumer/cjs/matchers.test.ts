// Type-checked as CommonJS: the matcher types must reach vitest's typings from here too.
import { expect, it } from 'vitest'
import { callTo } from 'callspec'

it('types a call and its matchers', async () => {
  const call = await callTo('http://127.0.0.1:9', { platform: '8x8' }).expectAction('say', { params: { text: 'Hello' } })
  expect(call).toHavePlayed('Hello')
  expect(call).toHaveAction('say')
})
