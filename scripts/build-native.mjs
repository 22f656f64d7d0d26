#!/usr/bin/env node
// Builds the native top-k kernel with node-gyp (npm ships node-gyp, and npm's config
// on these machines points it at the local Node headers, so this works offline).
// A failed build must not fail the install: avgcon then runs on its TypeScript engine
// and says so once at run time. `--strict` turns a failure into an error (CI, dev).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const strict = process.argv.includes('--strict')

if (process.env.AVGCON_SKIP_NATIVE === '1') {
  console.error('avgcon: AVGCON_SKIP_NATIVE=1, skipping the native kernel build.')
  process.exit(0)
}

function findNodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) {
    return process.env.npm_config_node_gyp
  }
  const require = createRequire(import.meta.url)
  for (const id of ['node-gyp/bin/node-gyp.js', 'npm/node_modules/node-gyp/bin/node-gyp.js']) {
    try {
      return require.resolve(id)
    } catch {
      /* try the next */
    }
  }
  const npmDir = join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  )
  return existsSync(npmDir) ? npmDir : null
}

const gyp = findNodeGyp()
let ok = false
let why = 'node-gyp was not found'
if (gyp) {
  // npm points node-gyp at the local Node headers (npm_config_nodedir); run directly,
  // node-gyp would try to download them, so pass the headers that ship with this Node.
  const args = [gyp, 'rebuild', '--release']
  const localHeaders = join(dirname(process.execPath), '..')
  if (!process.env.npm_config_nodedir && existsSync(join(localHeaders, 'include', 'node', 'node_api.h')))
    args.push(`--nodedir=${localHeaders}`)
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  ok = r.status === 0
  why = r.error ? r.error.message : `node-gyp exited with code ${r.status}`
}
if (!ok) {
  const msg = `avgcon: the native top-k kernel was not built (${why}); avgcon will run on its much slower TypeScript engine. Install a C++ toolchain (g++, make, python3) and run \`npm run build:native\`.`
  console.error(msg)
  process.exit(strict ? 1 : 0)
}
