#!/usr/bin/env node
// avgcon beside the code it replaces, on the same embedding file, in one run (issue "Engine v2"):
//   npm run build && node bench/external.mjs [W1 W2] [--ks 2..50] [--impls avgcon,faiss,reference] [--json out.json]
// W1: N=1e6, d=128; W2: N=50,000, d=256; i.i.d. N(0,1), 1000 sets per k, dot product.
// faiss / reference run bench/external.py under Debian's /usr/bin/python3 (python3-faiss,
// python3-torch); an implementation whose module is missing is reported and skipped.
// Wall times exclude loading; ratios are other / avgcon from the same run.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const WORKLOADS = { W1: { n: 1_000_000, d: 128 }, W2: { n: 50_000, d: 256 } }
const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const ks = flag('--ks', '2..50')
const impls = flag('--impls', 'avgcon,faiss,reference').split(',')
const jsonOut = flag('--json', undefined)
const names = args.filter((a, i) => /^W\d$/.test(a) && !args[i - 1]?.startsWith('--'))
const root = fileURLToPath(new URL('..', import.meta.url))
const python = '/usr/bin/python3'

async function writeItems(dir, name) {
  const { generate } = await import('../dist/synthetic/index.js')
  const { saveNpy } = await import('../dist/io/npy.js')
  const { n, d } = WORKLOADS[name]
  const path = join(dir, `${name}.npy`)
  await saveNpy(path, generate('normal', n, d, 1))
  return path
}

function runAvgcon(path) {
  const t0 = performance.now()
  const r = spawnSync(
    process.execPath,
    [join(root, 'dist/cli/main.js'), 'estimate', path, '--k', ks, '--samples', '1000', '--json', '--quiet'],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  )
  if (r.status !== 0) throw new Error(`avgcon failed: ${r.stderr}`)
  const out = JSON.parse(r.stdout)
  // The envelope's own seconds cover the estimation only (loading excluded), like the Python side.
  return { impl: 'avgcon', seconds: out.seconds, processSeconds: (performance.now() - t0) / 1000, engine: out.engine }
}

function runPython(impl, path) {
  const r = spawnSync(python, [join(root, 'bench/external.py'), path, '--impl', impl, '--ks', ks], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (r.status !== 0) return { impl, skipped: r.stderr.trim().split('\n').pop() }
  return JSON.parse(r.stdout)
}

const dir = mkdtempSync(join(tmpdir(), 'avgcon-external-'))
const report = { date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, ks, workloads: {} }
try {
  for (const name of names.length ? names : ['W2']) {
    const path = await writeItems(dir, name)
    const rows = []
    for (const impl of impls) {
      if (impl !== 'avgcon' && !existsSync(python)) continue
      const load = loadavg()[0]
      const row = impl === 'avgcon' ? runAvgcon(path) : runPython(impl, path)
      rows.push({ ...row, load })
      const base = rows.find((x) => x.impl === 'avgcon')
      const ratio = base && row.seconds ? ` (${(row.seconds / base.seconds).toFixed(2)}x avgcon)` : ''
      const what = row.skipped ? `skipped: ${row.skipped}` : `${row.seconds.toFixed(2)} s${ratio}`
      process.stdout.write(`${name} ${impl.padEnd(9)} ${what}  load ${load.toFixed(1)}\n`)
    }
    report.workloads[name] = rows
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2) + '\n')
