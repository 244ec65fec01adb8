import type { Timer } from '../../../src/driver/index.js'
import { cutShort, recordHeard } from '../../../src/driver/index.js'
import { repeat, speech, ttsMs, type Scheduled } from '../audio.js'
import { SESSION_ERROR } from '../codes.js'
import type { PlayFileAction, SayAction } from '../schemas.js'
import { ignoreKey, type Media, type Session } from './types.js'

/** say (8x8's say reference): TTS, `repetition` times; the callflow goes on when it ends. */
export async function say(session: Session, action: SayAction): Promise<void> {
  const { text, speed, repetition } = action.params
  // Empty text is allowed at warn (rule 8x8/empty-text): nothing is said.
  if (text === '') {
    session.ctx.note('say with empty text: nothing is said')
    return session.runNext()
  }
  const items = repeat(speech(text), ttsMs(text, speed), repetition ?? 1, session.ctx.clock.now())
  session.use(new Play(session, items, 'say ends'))
}

/**
 * playFile (8x8's playFile reference): the app's audio file, `repetition` times. A file that cannot
 * be played ends the session (-2006): documented for a failed download; for a format callspec
 * cannot tell (rule 8x8/file-type at error) the failure says it is callspec's inference.
 */
export async function playFile(session: Session, action: PlayFileAction): Promise<void> {
  const url = action.params.fileUrl
  const file = await session.files.length(url)
  if ('problem' in file) return session.sessionError(SESSION_ERROR.download, file.problem, file.thrown)
  const items = repeat({ kind: 'audio', text: url }, file.ms, action.params.repetition ?? 1, session.ctx.clock.now())
  session.use(new Play(session, items, 'playFile ends'))
}

/** Prompts that play to the end; keys are not listened to. */
class Play implements Media {
  readonly kind = 'play'
  promptEnd: number
  #items: Scheduled[]
  readonly #timer: Timer

  constructor(
    private readonly session: Session,
    items: Scheduled[],
    label: string,
  ) {
    const { clock } = session.ctx
    this.#items = items
    this.promptEnd = items.at(-1)!.end
    this.#timer = clock.setTimer(this.promptEnd - clock.now(), label, async () => {
      this.#end()
      await session.runNext()
    })
  }

  listening(): undefined {
    return undefined
  }

  async key(key: string): Promise<void> {
    ignoreKey(this.session.ctx, key)
  }

  stop(why: string): void {
    cutShort(this.session.ctx, this, why)
    this.#end()
  }

  /** Over: no timer, not current, and what the caller heard is in the transcript. */
  #end(): void {
    const { ctx } = this.session
    ctx.clock.clear(this.#timer)
    this.session.release(this)
    recordHeard(ctx, this.#items, this.promptEnd)
    this.#items = []
  }
}
