// A seeded synthetic interaction log shared by the training benchmarks (bench/train.mjs, bench/als-threads.mjs).

/** 1M interactions: user u has 10..89 items; item index floor(n * v^2) skews popularity to low ids. */
export function generatedLog(users, items, total, seed) {
  let s = seed >>> 0
  // Weyl-sequence hash (SplitMix32 finaliser): fast, deterministic, no Math.random.
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32
  }
  const user = new Int32Array(total),
    item = new Int32Array(total)
  for (let t = 0, u = 0; t < total; u = (u + 1) % users) {
    const n = Math.min(10 + Math.floor(next() * 80), total - t)
    for (let j = 0; j < n; j++, t++) {
      user[t] = u
      const v = next()
      item[t] = Math.floor(items * v * v)
    }
  }
  const ids = (n, p) => Array.from({ length: n }, (_, i) => `${p}${i}`)
  return { users: ids(users, 'u'), items: ids(items, 'i'), user, item, weight: new Float32Array(total).fill(1) }
}
