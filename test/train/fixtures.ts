/** Generated interaction logs with known structure (seeded; no files, no network). */
import type { Embeddings } from '../../src/io/embeddings.js'
import type { Interactions } from '../../src/io/interactions.js'
import { rng } from '../../src/rng.js'

/** Builds Interactions over numeric ids u0.., i0.. from index pairs. */
export function fromPairs(nUsers: number, nItems: number, pairs: [number, number, number?][]): Interactions {
  return {
    users: Array.from({ length: nUsers }, (_, u) => `u${u}`),
    items: Array.from({ length: nItems }, (_, i) => `i${i}`),
    user: Int32Array.from(pairs, (p) => p[0]),
    item: Int32Array.from(pairs, (p) => p[1]),
    weight: Float32Array.from(pairs, (p) => p[2] ?? 1),
  }
}

/**
 * Planted clusters: item i belongs to cluster floor(i / perCluster); user u to cluster
 * u % clusters and consumes `perUser` distinct random items of it, plus with probability
 * `noise` one random item of any cluster.
 */
export function plantedClusters(
  opts: {
    clusters?: number
    perCluster?: number
    users?: number
    perUser?: number
    noise?: number
    seed?: number
  } = {},
): {
  log: Interactions
  cluster: (item: number) => number
} {
  const { clusters = 8, perCluster = 12, users = 320, perUser = 8, noise = 0.2, seed = 1 } = opts
  const r = rng(seed)
  const pairs: [number, number][] = []
  for (let u = 0; u < users; u++) {
    const g = u % clusters
    const chosen = new Set<number>()
    while (chosen.size < perUser) chosen.add(g * perCluster + r.int(perCluster))
    for (const i of chosen) pairs.push([u, i])
    if (r.next() < noise) {
      const i = r.int(clusters * perCluster)
      if (!chosen.has(i)) pairs.push([u, i])
    }
  }
  return { log: fromPairs(users, clusters * perCluster, pairs), cluster: (i) => Math.floor(i / perCluster) }
}

/**
 * implicit's checkerboard: even users like every even item and odd users every odd item,
 * except that user u does not have item u (the diagonal is withheld), so the best new
 * item for user u is item u.
 */
export function checkerboard(n: number): Interactions {
  const pairs: [number, number][] = []
  for (let u = 0; u < n; u++) for (let i = u % 2; i < n; i += 2) if (i !== u) pairs.push([u, i])
  return fromPairs(n, n, pairs)
}

/** Indices of the k rows most cosine-similar to row i (excluding i), best first. */
export function neighbours(e: Embeddings, i: number, k: number): number[] {
  const d = e.d
  const norm = (j: number): number => Math.hypot(...e.data.subarray(j * d, (j + 1) * d)) || 1
  const ni = norm(i)
  const scored: [number, number][] = []
  for (let j = 0; j < e.n; j++) {
    if (j === i) continue
    let s = 0
    for (let a = 0; a < d; a++) s += e.data[i * d + a]! * e.data[j * d + a]!
    scored.push([s / (ni * norm(j)), j])
  }
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1])
  return scored.slice(0, k).map((s) => s[1])
}

/** Index of the highest <query row u, item> among items u has not consumed. */
export function bestNewItem(x: Interactions, users: Float32Array, items: Embeddings, u: number): number {
  const seen = new Set<number>()
  for (let t = 0; t < x.user.length; t++) if (x.user[t] === u) seen.add(x.item[t]!)
  let best = -1,
    bestScore = -Infinity
  for (let i = 0; i < items.n; i++) {
    if (seen.has(i)) continue
    let s = 0
    for (let a = 0; a < items.d; a++) s += users[u * items.d + a]! * items.data[i * items.d + a]!
    if (s > bestScore) [best, bestScore] = [i, s]
  }
  return best
}

/** True when every value is finite. */
export function allFinite(a: Float32Array | Float64Array): boolean {
  return a.every((v) => Number.isFinite(v))
}
