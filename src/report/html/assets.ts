/**
 * The bundled page scripts. `npm run prepare` (run by `npm ci`) bundles web/*.ts
 * with esbuild into dist/report/html/assets/; the CLI reads them from there. In a
 * development checkout where they are missing, the bundle is made in memory by the
 * same script (scripts/build-page.mjs), once per process.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** The pages that have a script bundle. */
export type PageName = 'report' | 'explorer'

const cache = new Map<PageName, Promise<string>>()

/** The minified script of a page (vega, vega-lite, vega-embed and the page code in one IIFE). */
export function pageScript(name: PageName): Promise<string> {
  let script = cache.get(name)
  if (!script) {
    script = loadScript(name)
    cache.set(name, script)
    script.catch(() => cache.delete(name))
  }
  return script
}

async function loadScript(name: PageName): Promise<string> {
  // This file is dist/report/html/assets.js (or src/report/html/assets.ts under vitest).
  const built = fileURLToPath(new URL(`../../../dist/report/html/assets/${name}.js`, import.meta.url))
  if (existsSync(built)) return readFile(built, 'utf8')
  const builder = fileURLToPath(new URL('../../../scripts/build-page.mjs', import.meta.url))
  if (!existsSync(builder)) {
    throw new Error(`the ${name} page script is missing (${built}); reinstall avgcon or run "npm run prepare".`)
  }
  const { bundlePage } = (await import(builder)) as { bundlePage: (page: string) => Promise<string> }
  return bundlePage(name)
}
