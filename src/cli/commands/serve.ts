import { randomBytes } from 'node:crypto'
import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { pageScript } from '../../report/html/assets.js'
import { explorerHtml } from '../../report/html/explorer.js'
import { PathError, resolveDirs } from '../../serve/files.js'
import { HOST, startServer } from '../../serve/server.js'
import { intOption } from '../options.js'

/** Raw flags of `avgcon serve`. */
interface ServeFlags {
  port: string
  dir: string[]
}

/** `avgcon serve`: the theory explorer and the given directories' results files, on 127.0.0.1. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      `the theory explorer in your browser (Proposition 2 live, overlays of report/results files), served on ${HOST} only`,
    )
    .option('--port <n>', 'TCP port (0: any free port)', '8080')
    .option(
      '--dir <dir>',
      'let the explorer list and open the .json/.html results in DIR (repeat for several)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .addHelpText(
      'after',
      `
The server listens on ${HOST} only, answers GET and HEAD, and sends nothing but the
explorer page and files inside the --dir directories. The explorer can also start an
estimate (adaptive CI) on an embedding file there and follow its progress. Stop with Ctrl+C.

Examples:
  avgcon serve
  avgcon serve --port 9000 --dir results --dir ~/runs`,
    )
    .action(async (f: ServeFlags) => {
      const port = intOption(f.port, '--port', 0)
      if (port > 65535) throw new InputError(`--port: ${port} is not a TCP port; use 0..65535.`)
      const dirs = await resolveDirs(f.dir).catch((err: unknown) => {
        throw err instanceof PathError ? new InputError(err.message) : err
      })
      // Only the explorer page knows this: other pages the browser shows cannot start estimates.
      const token = randomBytes(16).toString('hex')
      const explorer = explorerHtml(await pageScript('explorer'), { dirs: dirs.map((d) => d.given), token })
      const running = await startServer({ port, dirs, explorer, token }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE')
          throw new InputError(
            `--port: ${HOST}:${port} is already in use; pick another port (or --port 0 for any free one).`,
          )
        if (err.code === 'EACCES')
          throw new InputError(`--port: not allowed to listen on port ${port}; use a port above 1023.`)
        throw err
      })
      process.stdout.write(`avgcon: theory explorer at ${running.url}\n`)
      process.stderr.write(
        `avgcon: serving ${dirs.length === 0 ? 'no directory' : dirs.map((d) => d.given).join(', ')} on ${HOST} only; Ctrl+C stops.\n`,
      )
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          void running.close().then(resolve)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
    })
}
