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
  // A file 8x8 fetches off the app is fetched from a platform timer at this instant, not while the
  // app's answer is being run: the step that waits for the action goes on, and the next step (a
  // silence before the caller hangs up) finds the download held and hangs up at its own instant.
  // Measured before (audit h154 G1): a download held 3 s, then 404, failed with -2006 at 3.0 s
  // though the caller was to hang up at 1 s.
  const url = action.params.fileUrl
  if (!session.files.downloads(url)) return playLoaded(session, action)
  session.ctx.clock.setTimer(0, `8x8 downloads ${url}`, () => playLoaded(session, action))
}

/** playFile once the file can be read: its length, or the session error it ends with. Nothing once the call has ended meanwhile. */
async function playLoaded(session: Session, action: PlayFileAction): Promise<void> {
  if (session.ctx.ended) return
  const url = action.params.fileUrl
  const file = await session.files.length(url)
  // The call ended while the file was on its way (the caller hung up while it was held): callspec
  // stopped the download there (CallSession.fetchFromApp), and there is nothing to play, no session to end.
  if (session.ctx.ended) {
    const how = 'stopped' in file ? 'was still under way when the call ended, and callspec stopped it' : 'ended after the call ended'
    return session.ctx.note(`the download of ${url} ${how}: nothing is played`)
  }
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
