// A test that never uses callspec fails with a TypeError naming a word callspec's flows also have:
// the setup file must not add its async-helper hint to it.
import { it } from 'vitest'

it('a speaker without say()', () => {
  const speaker = {} as { say: (text: string) => void }
  speaker.say('hello')
})
