/**
 * The files `avgcon serve` may send: regular files inside the directories it was given,
 * found by a request path `/files/<dir index>/<relative path>`. Every way out of those
 * directories is refused: `..` and `.` segments, encoded slashes and backslashes, NUL
 * bytes, and symbolic links that resolve outside (checked on the real path).
 */
import { promises as fsp } from 'node:fs'
import { extname, isAbsolute, join, relative, sep } from 'node:path'

/** Why a path was refused, with the HTTP status that says it. */
export class PathError extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message)
  }
}

/** A served directory: as given on the command line, and its real path. */
export interface ServedDir {
  given: string
  real: string
}

/** Resolves the `--dir` arguments to real directories; throws a message naming a bad one. */
export async function resolveDirs(dirs: string[]): Promise<ServedDir[]> {
  return Promise.all(
    dirs.map(async (given) => {
      const real = await fsp.realpath(given).catch(() => {
        throw new PathError(404, `--dir: "${given}" does not exist.`)
      })
      if (!(await fsp.stat(real)).isDirectory()) throw new PathError(400, `--dir: "${given}" is not a directory.`)
      return { given, real }
    }),
  )
}

/**
 * The real path of the file that `/files/<rest>` names, or a PathError:
 * 400 for a malformed path, 403 for one that leaves its directory, 404 for none.
 */
export async function resolveFile(dirs: ServedDir[], rest: string): Promise<string> {
  const raw = rest.split('/')
  const index = Number(raw[0])
  if (raw[0] === '' || !Number.isInteger(index) || index < 0 || index >= dirs.length)
    throw new PathError(404, 'no such directory.')
  const segments = raw.slice(1).map((s) => {
    let decoded: string
    try {
      decoded = decodeURIComponent(s)
    } catch {
      throw new PathError(400, 'malformed percent-encoding in the path.')
    }
    if (decoded === '..' || decoded === '.' || /[/\\\0]/.test(decoded))
      throw new PathError(403, 'the path leaves the served directory.')
    return decoded
  })
  if (segments.length === 0 || segments.some((s) => s === '')) throw new PathError(404, 'no file named.')
  const root = dirs[index]!.real
  let real: string
  try {
    real = await fsp.realpath(join(root, ...segments))
  } catch (err) {
    throw fsError(err, segments.join('/'))
  }
  const rel = relative(root, real)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw new PathError(403, 'the path leaves the served directory.')
  return real
}

/** A PathError for an fs failure: missing (404), unreadable (403), or something else (403). */
export function fsError(err: unknown, name: string): PathError {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return new PathError(404, `"${name}" does not exist.`)
  if (code === 'EACCES' || code === 'EPERM') return new PathError(403, `"${name}" cannot be read: permission denied.`)
  if (code === 'EISDIR') return new PathError(403, `"${name}" is a directory, not a file.`)
  return new PathError(403, `"${name}" cannot be read (${code ?? 'unknown error'}).`)
}

/** One listed file: directory index, path relative to it (with '/'), size in bytes, and what it holds. */
export interface ListedFile {
  dir: number
  path: string
  size: number
  /** `results` (.json, .html) to overlay, or `embeddings` to estimate. */
  kind: 'results' | 'embeddings'
}

const RESULTS = new Set(['.json', '.html'])
/** Embedding files the explorer offers to estimate (the formats `avgcon estimate` reads by extension). */
const EMBEDDINGS = new Set(['.npy', '.csv', '.tsv', '.vec', '.parquet', '.safetensors', '.npz'])

/** The results and embedding files of every directory, a few levels deep and at most `limit` in all, sorted. */
export async function listFiles(dirs: ServedDir[], depth = 3, limit = 2000): Promise<ListedFile[]> {
  const out: ListedFile[] = []
  const walk = async (dir: number, abs: string, rel: string[], level: number): Promise<void> => {
    const entries = await fsp.readdir(abs, { withFileTypes: true }).catch(() => [])
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      if (out.length >= limit || e.name.startsWith('.')) continue
      if (e.isDirectory() && level < depth) await walk(dir, join(abs, e.name), [...rel, e.name], level + 1)
      else if (e.isFile()) {
        const ext = extname(e.name).toLowerCase()
        const kind = RESULTS.has(ext) ? 'results' : EMBEDDINGS.has(ext) ? 'embeddings' : undefined
        if (kind === undefined) continue
        const size = await fsp.stat(join(abs, e.name)).then(
          (s) => s.size,
          () => -1,
        )
        out.push({ dir, path: [...rel, e.name].join('/'), size, kind })
      }
    }
  }
  for (let i = 0; i < dirs.length; i++) await walk(i, dirs[i]!.real, [], 0)
  return out
}

/** Content type by extension (UTF-8 for text). */
export function contentType(path: string): string {
  const types: Record<string, string> = {
    '.json': 'application/json; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
    '.htm': 'text/html; charset=utf-8',
    '.csv': 'text/csv; charset=utf-8',
    '.txt': 'text/plain; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
  }
  return types[extname(path).toLowerCase()] ?? 'application/octet-stream'
}
