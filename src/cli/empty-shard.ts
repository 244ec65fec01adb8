/**
 * What `callspec run --shard i/n` says when the files dealt leave its shard none: a CI matrix with
 * more shards than files is legitimate, so it is no error (exit 0), but no "all passed" either.
 * Before, `--shard 3/3` of two files printed `all passed, 0 passed, 0 call(s) in 0.0 s` and exited
 * 0, as if a shard's scenarios had run.
 */
export function emptyShardLine(shard: { index: number; count: number }, files: number): string {
  const held = files === 1 ? 'shard 1 has it' : `shards 1–${Math.min(files, shard.count)} have them`
  return (
    `callspec run: shard ${shard.index}/${shard.count} got no scenario files: ${files} file${files === 1 ? '' : 's'} matched, dealt one to each shard in turn by path, so ${held}. ` +
    'Nothing to run here (exit 0).'
  )
}
