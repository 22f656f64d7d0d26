/**
 * The bundled page scripts. `npm run prepare` (run by `npm ci`) bundles web/*.ts
 * with esbuild (a build-time tool, a devDependency) into dist/report/html/assets/;
 * at run time they are only read as files. The test setup (test/global-setup.ts)
 * builds them when missing.
 */
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
  try {
    return await readFile(built, 'utf8')
  } catch {
    throw new Error(`the ${name} page script is missing (${built}); reinstall avgcon or run "npm run prepare".`)
  }
}
