/**
 * stdout or stderr piped into a reader that stops early (`callspec run … | head -3`): once the pipe is
 * closed the rest of the output has nowhere to go, which is no error of the run. Writes after
 * that are dropped, so the run still ends as it would (the --start app stopped, the reports
 * written to files, the exit code of the calls) instead of crashing on EPIPE.
 * Both streams: `… 2>&1 | head -2` closes stderr's pipe as well.
 */
export function quietWhenClosed<S extends NodeJS.WriteStream>(stream: S): { write(text: string): unknown; readonly isTTY: boolean; readonly columns: number | undefined } {
  let closed = false
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    closed = true
  })
  return {
    write: (text: string) => closed || stream.write(text),
    // The progress line reads these (stderr): a terminal's, as the stream has them.
    get isTTY() {
      return stream.isTTY === true
    },
    get columns() {
      return stream.columns
    },
  }
}
