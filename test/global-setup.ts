import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * End-to-end CLI tests run the built program exactly as a user would
 * (`node dist/cli/main.js`), so build dist/ from the current sources first.
 * Type errors are reported by `npm run typecheck`; tsc still emits, and the
 * CLI tests fail on their own if the build is broken. The page bundles
 * (dist/report/html/assets/*.js, read as files at run time) are built when missing.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..')
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (r.status !== 0)
    process.stderr.write(`global setup: tsc reported errors while building dist/:\n${r.stdout}${r.stderr}\n`)
  const assets = join(root, 'dist', 'report', 'html', 'assets')
  if (!existsSync(join(assets, 'report.js')) || !existsSync(join(assets, 'explorer.js'))) {
    const p = spawnSync(process.execPath, [join(root, 'scripts', 'build-page.mjs')], { cwd: root, encoding: 'utf8' })
    if (p.status !== 0) process.stderr.write(`global setup: build-page failed:\n${p.stderr}\n`)
  }
}
