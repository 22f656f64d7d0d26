/**
 * Golden SVG comparison (style.md lesson 10, after Observable Plot's snapshots):
 * normalise, compare with test/report/golden/<name>.svg, and on mismatch write
 * <name>-changed.svg next to it. UPDATE_GOLDEN=1 rewrites the goldens instead.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden')

/**
 * Makes an SVG comparable across runs and platforms: numbers with 4 or more
 * decimals rounded to 3, generated ids (clip paths, gradients) renumbered in
 * order of appearance, one element per line so diffs are readable.
 */
export function normalizeSvg(svg: string): string {
  let out = svg.replace(/-?\d+\.\d{4,}/g, (m) => {
    const r = Number(Number(m).toFixed(3))
    return String(Object.is(r, -0) ? 0 : r)
  })
  const ids = new Map<string, string>()
  for (const m of out.matchAll(/\bid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `id${ids.size + 1}`)
  // One pass over definitions and references, so a new name never collides with an old one.
  out = out.replace(/\bid="([^"]+)"|#([A-Za-z_][\w.-]*)/g, (m, def?: string, ref?: string) => {
    if (def !== undefined) return `id="${ids.get(def)}"`
    const renamed = ids.get(ref!)
    return renamed === undefined ? m : `#${renamed}`
  })
  return out.replace(/></g, '>\n<') + '\n'
}

/** Result of a golden comparison: `ok`, plus where the differing output was written. */
export interface GoldenResult {
  ok: boolean
  message: string
}

/** Compares `svg` (normalised) with the golden `name`; see the module comment. */
export function compareGolden(name: string, svg: string): GoldenResult {
  const golden = join(GOLDEN_DIR, `${name}.svg`)
  const changed = join(GOLDEN_DIR, `${name}-changed.svg`)
  const actual = normalizeSvg(svg)
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(golden, actual)
    rmSync(changed, { force: true })
    return { ok: true, message: `rewrote ${golden}` }
  }
  if (!existsSync(golden)) {
    writeFileSync(changed, actual)
    return {
      ok: false,
      message: `no golden ${golden}; wrote ${changed}. Check it, then run UPDATE_GOLDEN=1 npx vitest run test/report.`,
    }
  }
  if (readFileSync(golden, 'utf8') === actual) {
    rmSync(changed, { force: true })
    return { ok: true, message: 'matches' }
  }
  writeFileSync(changed, actual)
  return {
    ok: false,
    message: `${name}.svg differs from its golden; wrote ${changed}. If the change is intended, run UPDATE_GOLDEN=1 npx vitest run test/report.`,
  }
}
