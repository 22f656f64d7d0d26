/**
 * Builds a C++ harness from native/ sources and runs it: natively (-march=native, as
 * binding.gyp builds) or cross-compiled for arm64 with Debian's aarch64-linux-gnu-g++ and
 * run under qemu-aarch64. The temporary build directory is removed afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Whether `tool` is on the PATH. */
export function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
}

/** Whether the arm64 cross tools are installed, and what to install when not. */
export const CROSS_TOOLS = have('aarch64-linux-gnu-g++') && have('qemu-aarch64')
export const CROSS_REASON =
  'needs aarch64-linux-gnu-g++ and qemu-aarch64 (apt-get install g++-aarch64-linux-gnu qemu-user)'

/** Compiles native/<sources> into one binary and runs it; its stdout and exit status. */
export function runHarness(sources: string[], target: 'native' | 'arm64'): { stdout: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'avgcon-harness-'))
  try {
    const binary = join(dir, 'check')
    const arch =
      target === 'arm64'
        ? ['-static']
        : process.arch === 'x64'
          ? ['-march=native']
          : process.arch === 'arm64'
            ? ['-mcpu=native']
            : []
    execFileSync(
      target === 'arm64' ? 'aarch64-linux-gnu-g++' : 'g++',
      ['-std=c++17', '-O2', '-fno-math-errno', '-ffp-contract=off', ...arch, '-Inative']
        .concat(sources.map((s) => join('native', s)))
        .concat(['-o', binary, '-lpthread']),
      { stdio: 'pipe' },
    )
    const run =
      target === 'arm64'
        ? spawnSync('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', binary], { encoding: 'utf8' })
        : spawnSync(binary, [], { encoding: 'utf8' })
    return { stdout: run.stdout, status: run.status }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
