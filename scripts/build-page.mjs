#!/usr/bin/env node
/**
 * Bundles the browser scripts of the HTML report and the theory explorer (web/*.ts)
 * with esbuild into dist/report/html/assets/{report,explorer}.js: one minified IIFE
 * each, holding vega, vega-lite, vega-embed, the chart spec builders and the theory
 * module (with its @stdlib functions). The CLI inlines these files into the pages,
 * so a report opens offline. Run by `npm run prepare` (hence by `npm ci`) after tsc.
 *
 *   node scripts/build-page.mjs            build both bundles
 *   import { bundlePage } from ...         one bundle as a string (dev fallback)
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The pages and their entry points. */
export const PAGES = ['report', 'explorer']

/**
 * The report embeds Vega compiled ahead of time (src/report/html/charts.ts), so its page
 * never calls vega-lite: vega-embed gets a stub instead, which cuts about 270 KB (a third)
 * of script to parse on every open. The explorer compiles in the page and keeps vega-lite.
 */
const noVegaLite = {
  name: 'no-vega-lite',
  setup(build) {
    build.onResolve({ filter: /^vega-lite$/ }, () => ({ path: 'vega-lite-stub', namespace: 'stub' }))
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "export const version = 'not bundled'; export function compile() { throw new Error('this page embeds precompiled Vega specs; vega-lite is not bundled') }",
      loader: 'js',
    }))
  },
}

/** Bundles one page's script; resolves to the JavaScript text. */
export async function bundlePage(name) {
  if (!PAGES.includes(name)) throw new Error(`build-page: unknown page "${name}"; pages: ${PAGES.join(', ')}`)
  const esbuild = await import('esbuild')
  const result = await esbuild.build({
    entryPoints: [join(root, 'web', `${name}.ts`)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    tsconfig: join(root, 'web', 'tsconfig.json'),
    // Node built-ins must never reach the page; fail the build rather than ship a stub.
    logLevel: 'silent',
    plugins: name === 'report' ? [noVegaLite] : [],
  })
  return result.outputFiles[0].text
}

async function main() {
  const out = join(root, 'dist', 'report', 'html', 'assets')
  mkdirSync(out, { recursive: true })
  const started = Date.now()
  for (const name of PAGES) {
    // Write then rename: a report being generated meanwhile reads the old or the new bundle, never half of one.
    const temp = join(out, `.${name}.${process.pid}.tmp`)
    writeFileSync(temp, await bundlePage(name))
    renameSync(temp, join(out, `${name}.js`))
  }
  process.stderr.write(`build-page: ${PAGES.join(', ')} bundled into ${out} in ${Date.now() - started} ms\n`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`build-page: ${err.message}\n`)
    process.exitCode = 1
  })
}
