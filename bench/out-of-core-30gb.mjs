// Issue 14: a generated ~30 GB .npy estimated in bounded memory (k=2..20:6, 200 sets per k).
//
//   node bench/out-of-core-30gb.mjs [--n 60000000] [--d 128] [--file /tmp/ooc-30gb.npy]
//        [--memory 1GB] [--keep] [--generate-only] [--extra "--engine native"]
//
// Writes an n x d float32 C-order .npy of i.i.d. N(0,1) values (fixed seed, written in 64 MB
// chunks, never held in memory), then runs
//   /usr/bin/time -v node dist/cli/main.js estimate FILE --memory SIZE --k 2..20:6 --samples 200 --quiet --json
// and prints the wall time, the CPU seconds, the peak RSS and the results. The file is deleted
// at the end unless --keep is given (or it already existed).
import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : fallback
}
const n = Number(flag('--n', 60_000_000))
const d = Number(flag('--d', 128))
const file = flag('--file', '/tmp/ooc-30gb.npy')
const memory = flag('--memory', '1GB')
const extra = (flag('--extra', '') ?? '').split(' ').filter(Boolean)
const keep = args.includes('--keep')
const generateOnly = args.includes('--generate-only')

/** The .npy v1 header of an n x d little-endian float32 C-order matrix. */
function npyHeader(rows, cols) {
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n'
  const head = Buffer.alloc(10)
  head.write('\x93NUMPY', 0, 'latin1')
  head[6] = 1
  head[7] = 0
  head.writeUInt16LE(dict.length, 8)
  return Buffer.concat([head, Buffer.from(dict, 'latin1')])
}

/** Writes the matrix chunk by chunk: xorshift uniforms, Box-Muller pairs, seed 14. */
export function generateNpy(path, rows, cols, seed = 14) {
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, npyHeader(rows, cols))
    // xorwow-style 32-bit xorshift (two words of state), uniforms in (0, 1).
    let a = (seed * 2654435761) >>> 0 || 1
    let b = 0x2545f491
    const uniform = () => {
      const t = a ^ (a << 11)
      a = b
      b = (b ^ (b >>> 19) ^ (t ^ (t >>> 8))) >>> 0
      return (b + 1) / 4294967297
    }
    const chunkRows = Math.max(1, Math.floor((64 << 20) / (cols * 4)))
    const chunk = new Float32Array(chunkRows * cols)
    const total = rows * cols
    const started = Date.now()
    for (let done = 0; done < total;) {
      const count = Math.min(chunk.length, total - done)
      for (let i = 0; i < count; i += 2) {
        const r = Math.sqrt(-2 * Math.log(uniform()))
        const t = 2 * Math.PI * uniform()
        chunk[i] = r * Math.cos(t)
        if (i + 1 < count) chunk[i + 1] = r * Math.sin(t)
      }
      writeSync(fd, new Uint8Array(chunk.buffer, 0, count * 4))
      done += count
      if (process.stderr.isTTY) process.stderr.write(`\rgenerated ${((100 * done) / total).toFixed(1)} %`)
    }
    if (process.stderr.isTTY) process.stderr.write('\n')
    return (Date.now() - started) / 1000
  } finally {
    closeSync(fd)
  }
}

/** Runs the CLI under /usr/bin/time -v; returns wall seconds, CPU seconds, peak RSS (MB) and stdout. */
export function timedEstimate(cliArgs) {
  const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, main, 'estimate', ...cliArgs], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  const grab = (re) => Number(re.exec(r.stderr)?.[1] ?? NaN)
  const wallText = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)/.exec(r.stderr)?.[1] ?? ''
  const wall = wallText.split(':').reduce((acc, part) => acc * 60 + Number(part), 0)
  return {
    status: r.status,
    wall,
    cpu: grab(/User time \(seconds\): ([\d.]+)/) + grab(/System time \(seconds\): ([\d.]+)/),
    rssMB: grab(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    stdout: r.stdout,
    stderr: r.stderr,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const existed = existsSync(file)
  if (!existed) {
    const seconds = generateNpy(file, n, d)
    console.log(
      `generated ${file}: ${n} x ${d} float32, ${(statSync(file).size / 2 ** 30).toFixed(2)} GiB in ${seconds.toFixed(1)} s`,
    )
  } else console.log(`using the existing ${file} (${(statSync(file).size / 2 ** 30).toFixed(2)} GiB)`)
  try {
    if (!generateOnly) {
      const cli = [file, '--memory', memory, '--k', '2..20:6', '--samples', '200', '--quiet', '--json', ...extra]
      console.log(`avgcon estimate ${cli.join(' ')}`)
      const r = timedEstimate(cli)
      if (r.status !== 0) {
        console.error(r.stderr)
        process.exitCode = 1
      } else {
        const json = JSON.parse(r.stdout)
        console.log(`wall ${r.wall.toFixed(1)} s, CPU ${r.cpu.toFixed(1)} s, peak RSS ${r.rssMB.toFixed(0)} MB`)
        for (const p of json.results) console.log(`k=${p.k} mean=${p.mean} ci=[${p.ciLow}, ${p.ciHigh}]`)
      }
    }
  } finally {
    if (!existed && !keep && !generateOnly) {
      unlinkSync(file)
      console.log(`deleted ${file}`)
    }
  }
}
