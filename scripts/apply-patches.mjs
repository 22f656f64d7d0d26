// Applies patches/ (fixes to dependencies, see patches/README.md) with patch-package
// in a development checkout. An installed package has neither patches/ nor patch-package
// (a dev dependency), and there the Parquet sandbox's time and heap limits are the defence.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const root = new URL('..', import.meta.url)
if (existsSync(new URL('patches', root))) {
  let bin
  try {
    bin = createRequire(import.meta.url).resolve('patch-package/dist/index.js')
  } catch {
    process.exit(0) // installed without dev dependencies
  }
  const run = spawnSync(process.execPath, [bin, '--error-on-fail'], { cwd: root, stdio: 'inherit' })
  process.exit(run.status ?? 1)
}
