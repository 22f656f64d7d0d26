// The machine context every benchmark prints: CPU model, ISA, and the fp32 FMA ceiling
// per core measured now by bench/fma-peak.cc (built here with g++), so a speed can be
// stated as a share of what this core can do at this moment on a shared machine.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { arch, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, URL } from 'node:url'

const probe = fileURLToPath(new URL('./fma-peak.cc', import.meta.url))

/** ISA extensions that matter to the kernels, from /proc/cpuinfo (Linux) or the arch. */
export function isa() {
  let flags = []
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    flags = (info.match(/^(flags|Features)\s*:(.*)$/m)?.[2] ?? '').trim().split(/\s+/)
  } catch {
    /* not Linux */
  }
  const wanted = ['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512_vnni', 'avx_vnni', 'asimd', 'asimddp', 'sve']
  return { arch: arch(), model: cpus()[0]?.model ?? 'unknown', flags: wanted.filter((f) => flags.includes(f)) }
}

/**
 * fp32 FMA GFLOP/s of one core: { ymm, zmm } on x86 (zmm only with AVX-512), { neon }
 * on arm64; null where g++ is missing. Best of `reps` runs of the probe.
 */
export function fmaCeiling(reps = 5) {
  const dir = mkdtempSync(join(tmpdir(), 'avgcon-peak-'))
  const variants =
    arch() === 'arm64'
      ? { neon: [] }
      : {
          ymm: ['-mavx2', '-mfma'],
          ...(isa().flags.includes('avx512f') ? { zmm: ['-mavx512f', '-mfma', '-DPEAK_512'] } : {}),
        }
  const out = {}
  try {
    for (const [name, flags] of Object.entries(variants)) {
      const bin = join(dir, name)
      execFileSync('g++', ['-O2', ...flags, probe, '-o', bin, '-lpthread'], { stdio: 'pipe' })
      out[name] = Number(execFileSync(bin, ['1', String(reps)], { encoding: 'utf8' }).trim())
    }
    return out
  } catch {
    return null
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The ceiling that applies to a code path: ymm for avx2, zmm for avx512, neon on arm64. The
 * exact engine's screens (int8, int16, none) are held to the machine's best fp32 rate, the
 * fp32 floor they have to beat (zmm where AVX-512 exists: on a full-width AVX-512 core it is
 * twice ymm).
 */
export function ceilingFor(path, ceiling) {
  if (!ceiling) return null
  if (path === 'int8' || path === 'int16' || path === 'none')
    return Math.max(...Object.values(ceiling).filter((v) => Number.isFinite(v)))
  if (path === 'avx512') return ceiling.zmm ?? null
  if (path === 'neon') return ceiling.neon ?? null
  if (path === 'scalar') return ceiling.neon ?? ceiling.ymm ?? null
  return ceiling.ymm ?? null
}
