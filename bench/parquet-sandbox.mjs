// Cost of decoding Parquet in the worker sandbox: loads one 100k x 64 list<float>
// file with decodeParquet (this thread, the old path) and loadParquet (worker
// sandbox), alternating, and prints the median of each and their ratio.
// Usage: npx tsc -p tsconfig.build.json && node bench/parquet-sandbox.mjs [n] [d] [repeats]
import { parquetWriteBuffer } from 'hyparquet-writer'
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, cpus } from 'node:os'
import { join } from 'node:path'
import { decodeParquet, loadParquet } from '../dist/io/parquet.js'

const [n = 100_000, d = 64, repeats = 5] = process.argv.slice(2).map(Number)
const dir = mkdtempSync(join(tmpdir(), 'pq-bench-'))
const path = join(dir, 'e.parquet')
const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(i * d + j)))
const bytes = parquetWriteBuffer({
  columnData: [
    { name: 'id', data: Array.from({ length: n }, (_, i) => `item${i}`) },
    { name: 'emb', data: rows },
  ],
  schema: [
    { name: 'root', num_children: 2 },
    { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'emb', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
  ],
})
writeFileSync(path, new Uint8Array(bytes))
const time = async (load) => {
  const t = performance.now()
  const e = await load(path)
  if (e.n !== n || e.d !== d) throw new Error('wrong shape')
  return performance.now() - t
}
const inThread = []
const sandboxed = []
for (let r = 0; r < repeats; r++) {
  inThread.push(await time(decodeParquet))
  sandboxed.push(await time(loadParquet))
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log(
  `cpu: ${cpus()[0].model} x${cpus().length}; file ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB, ${n} x ${d}`,
)
console.log(
  `in-thread decodeParquet: median ${median(inThread).toFixed(0)} ms (${inThread.map((x) => x.toFixed(0)).join(', ')})`,
)
console.log(
  `sandboxed loadParquet:   median ${median(sandboxed).toFixed(0)} ms (${sandboxed.map((x) => x.toFixed(0)).join(', ')})`,
)
console.log(`ratio sandboxed / in-thread: ${(median(sandboxed) / median(inThread)).toFixed(2)}`)
rmSync(dir, { recursive: true, force: true })
