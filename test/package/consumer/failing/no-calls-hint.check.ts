// A test that never uses callspec fails on a TypeError naming a word callspec's flows also have:
// the setup file must not add its async-helper hint to it (consumer.test.ts reads the output).
import { expect, it } from 'vitest'

it('a speaker without say()', () => {
  const speaker = {} as { say: (text: string) => void }
  expect(speaker).not.toHaveProperty('say')
  // Fails here, on purpose: TypeError: speaker.say is not a function.
  speaker.say('hello')
})
