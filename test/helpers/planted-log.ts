import { rng } from '../../src/rng.js'

/** A generated interaction log with planted structure: every user consumes items of one cluster only. */
export interface PlantedLog {
  /** [user, item, rating] rows in user order. */
  rows: [string, string, number][]
  /** Cluster of each item id. */
  clusterOf: Map<string, number>
  /** Item ids of each cluster. */
  clusters: string[][]
}

/**
 * `users` users, `clusters` x `perCluster` items (ids "c<cluster>i<j>"); user u belongs to
 * cluster u mod clusters and consumes `min..max` distinct items of it, each with a rating 1..5.
 */
export function plantedLog(
  opts: { users?: number; clusters?: number; perCluster?: number; min?: number; max?: number; seed?: number } = {},
): PlantedLog {
  const { users = 200, clusters = 4, perCluster = 25, min = 4, max = 12, seed = 1 } = opts
  const r = rng(seed)
  const ids = Array.from({ length: clusters }, (_, c) => Array.from({ length: perCluster }, (_, j) => `c${c}i${j}`))
  const clusterOf = new Map(ids.flatMap((list, c) => list.map((id) => [id, c] as [string, number])))
  const rows: [string, string, number][] = []
  for (let u = 0; u < users; u++) {
    const pool = [...ids[u % clusters]!]
    const m = min + r.int(max - min + 1)
    // Partial Fisher-Yates: m distinct items of the user's cluster.
    for (let j = 0; j < m; j++) {
      const k = j + r.int(pool.length - j)
      ;[pool[j], pool[k]] = [pool[k]!, pool[j]!]
      rows.push([`u${u}`, pool[j]!, 1 + r.int(5)])
    }
  }
  return { rows, clusterOf, clusters: ids }
}

/** The log as tab-separated text (MovieLens u.data layout without timestamps). */
export function logText(log: PlantedLog): string {
  return log.rows.map((row) => row.join('\t')).join('\n') + '\n'
}
