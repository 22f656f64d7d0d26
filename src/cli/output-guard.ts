/**
 * Outputs never overwrite inputs: before any work, every file a command will
 * write is compared with every file it reads, by device and inode (so symlinks,
 * hard links and `./x` against `x` are caught), and outputs with each other.
 */
import { statSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { realpathSync } from 'node:fs'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { idsSidecarPath } from '../io/ids-sidecar.js'

/** Options that name files a command reads. */
const INPUT_OPTIONS: Record<string, string> = {
  sets: '--sets',
  interactions: '--interactions',
  names: '--names',
  from: '--from',
}
/** Options that name files a command writes; `.npy` outputs also write `FILE.ids.txt`. */
const OUTPUT_OPTIONS: Record<string, string> = { out: '--out', plot: '--plot', saveUsers: '--save-users' }

interface NamedFile {
  /** How the user named it: the option or argument. */
  role: string
  path: string
}

/** Device and inode of an existing file; undefined when there is none. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path)
    return `${s.dev}:${s.ino}`
  } catch {
    return undefined
  }
}

/** The absolute path a not-yet-existing file will have (its directory's real path). */
function futurePath(path: string): string {
  const abs = resolve(path)
  try {
    return resolve(realpathSync(dirname(abs)), basename(abs))
  } catch {
    return abs
  }
}

function inputsOf(action: Command): NamedFile[] {
  const files: NamedFile[] = []
  action.registeredArguments.forEach((arg, i) => {
    const value = action.args[i]
    if (typeof value === 'string' && value !== '') {
      files.push({ role: `the ${arg.name()} argument`, path: value })
      files.push({ role: `the ids sidecar of ${value}`, path: idsSidecarPath(value) })
    }
  })
  const opts = action.opts()
  for (const [key, flag] of Object.entries(INPUT_OPTIONS)) {
    const value = opts[key]
    if (typeof value === 'string' && value !== '') files.push({ role: flag, path: value })
  }
  return files
}

function outputsOf(action: Command): NamedFile[] {
  const opts = action.opts()
  const files: NamedFile[] = []
  for (const [key, flag] of Object.entries(OUTPUT_OPTIONS)) {
    const value = opts[key]
    if (typeof value !== 'string' || value === '') continue
    files.push({ role: flag, path: value })
    if (value.toLowerCase().endsWith('.npy')) files.push({ role: `${flag}'s ids sidecar`, path: idsSidecarPath(value) })
  }
  return files
}

/** Refuses (exit 2) when a file the command would write is one it reads, or is written twice. */
export function checkOutputsAgainstInputs(action: Command): void {
  const outputs = outputsOf(action)
  if (outputs.length === 0) return
  const inputs = new Map<string, NamedFile>()
  for (const input of inputsOf(action)) {
    const id = identity(input.path)
    if (id && !inputs.has(id)) inputs.set(id, input)
  }
  const written = new Map<string, NamedFile>()
  for (const output of outputs) {
    const id = identity(output.path)
    const input = id ? inputs.get(id) : undefined
    if (input)
      throw new InputError(
        `${output.role}: ${output.path} is ${input.role} (${input.path}), which this command reads; writing it would destroy the input, so nothing was done. Choose another output file.`,
      )
    const key = id ?? futurePath(output.path)
    const other = written.get(key)
    if (other)
      throw new InputError(
        `${output.role}: ${output.path} is also written by ${other.role}; give each output its own file.`,
      )
    written.set(key, output)
  }
}
