// The data of the exact-engine benchmarks (bench/exact-quick.mjs, bench/exact-paths.mjs): n x d
// items and q queries from a fixed LCG. DIST=normal: N(0,1) items and queries that are sums of
// 2..50 random items (set averages, scale-free for dot); otherwise U(-0.5, 0.5) items and
// midpoints of item pairs.
export function benchData(n, dd, q, normal = process.env.DIST === 'normal') {
  const items = new Float32Array(n * dd)
  let s = 1
  const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32
  for (let i = 0; i < items.length; i++)
    items[i] = normal ? Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()) : next() - 0.5
  const queries = new Float32Array(q * dd)
  for (let r = 0; r < q; r++)
    if (normal) {
      const acc = new Float64Array(dd)
      for (let m = 0; m < 2 + (r % 49); m++) {
        const row = Math.floor(next() * n)
        for (let j = 0; j < dd; j++) acc[j] += items[row * dd + j]
      }
      for (let j = 0; j < dd; j++) queries[r * dd + j] = acc[j]
    } else for (let j = 0; j < dd; j++) queries[r * dd + j] = (items[r * dd + j] + items[(r + 7) * dd + j]) / 2
  return { items, queries }
}
