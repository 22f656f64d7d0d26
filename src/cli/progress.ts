import cliProgress from 'cli-progress'

/** A progress reporter: `update(done, total)` while working, `stop()` at the end. */
export interface Progress {
  update(done: number, total: number): void
  stop(): void
}

const silent: Progress = { update: () => {}, stop: () => {} }

/**
 * A progress bar on stderr, only when stderr is a terminal and not `quiet`
 * (results go to stdout; a pipe or a CI log gets no bar).
 */
export function progressBar(label: string, quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) return silent
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done)
        started = true
      } else {
        bar.setTotal(total)
        bar.update(done)
      }
    },
    stop() {
      if (started) bar.stop()
      started = false
    },
  }
}
