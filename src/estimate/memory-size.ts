/** Memory sizes as `--memory` takes them ("256MB", "2GB") and as messages print them. */
import { InputError } from '../errors.js'

/** Parses a --memory size: bytes, or a number with KB, MB, GB or TB (1024-based; the B is optional). */
export function parseMemory(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text)
  const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }
  const bytes = match ? Math.floor(Number(match[1]) * scale[match[2]!.toLowerCase() as keyof typeof scale]) : NaN
  if (!(bytes >= 1) || !Number.isSafeInteger(bytes))
    throw new InputError(`"${text}" is not a memory size; give a positive size such as 256MB or 2GB.`, {
      module: 'estimate',
      field: 'memory',
    })
  return bytes
}

/** Bytes in the units --memory takes (1024-based). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = bytes
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`
}
