/**
 * Cumulant generating function of a centred beta coordinate, Y = B − a/c, B ~ Beta(a, b),
 * c = a + b, and its first four derivatives, for any real x (tail.ts's saddlepoint).
 *
 * K_B(x) = log ₁F₁(a; c; x) (Kummer's function is the beta law's MGF), and K's derivatives
 * are the cumulants of the exponentially tilted law, density ∝ y^{a−1}(1−y)^{b−1}e^{xy}.
 * Three regimes, each free of cancellation where it is used:
 * - |x| ≤ x0 (≤ 0.5): Taylor series of K_Y' from the Riccati form of Kummer's equation,
 *   x(y' + y²) + (c − x)y − a = 0 for y = K_B'; centred, z = y − a/c = Σ z_n xⁿ with
 *   z_1 = ab/(c²(c+1)), z_n = ((b−a)/c · z_{n−1} − Σ_{i+j=n−1} z_i z_j)/(n + c).
 * - Moderate |x|: the tilted law is a mixture with positive weights (Kummer's
 *   transformation for x < 0): for x = −λ ≤ 0, e^{−λy} = e^{−λ}Σ λᵏ(1−y)ᵏ/k!, so it mixes
 *   Beta(a, b+k) with weights ∝ (b)_k/(c)_k λᵏ/k!; central moments come from the
 *   components' closed-form central moments and their offsets from the mixture mean.
 *   x > 0 is the same with B ↦ 1 − B (shapes swapped, odd cumulants negated).
 * - Large λ: the law of s = λB near the endpoint, E[sⁿ] ∝ G_n = (a)_n Σ_j (1−b)_j (a+n)_j/(j! λʲ)
 *   (the asymptotic expansion of ₁F₁, terminating for integer b), everything in log space.
 *   It is used from λ ≥ Λ(shape), where its smallest term is below 1e-17, and falls back to
 *   the mixture if it does not converge.
 */
import gammaln from '@stdlib/math-base-special-gammaln'

/** K(x) and its first four derivatives, into out[0..4] (the shape tail.ts's `Cgf` has). */
export type BetaCgf = (x: number, out: Float64Array) => void

/** Taylor order of the near-zero series. */
const ORDER = 30

/**
 * CGF of Beta(a, b) − a/(a + b) (the centred law): K, K', K'', K''', K''''. `seriesCap`: the
 * largest |x| the near-zero series takes (within a sixth of its radius, which grows like a + b);
 * fitted laws with large shapes (fitted.ts) raise it, where the mixture would need ~|x| terms.
 */
export function betaCgf(a: number, b: number, seriesCap = 0.5): BetaCgf {
  const c = a + b
  const z = new Float64Array(ORDER + 1) // z[n], n >= 1
  z[1] = (a * b) / (c * c * (c + 1))
  const skew = (b - a) / c
  for (let n = 2; n <= ORDER; n++) {
    let conv = 0
    for (let i = 1; i < n - 1; i++) conv += z[i]! * z[n - 1 - i]!
    z[n] = (skew * z[n - 1]! - conv) / (n + c)
  }
  // Radius estimate from the last coefficients; the series is used well inside it.
  const radius = Math.pow(Math.abs(z[ORDER]!) + 1e-300, -1 / ORDER)
  const x0 = Math.min(seriesCap, radius / 6)
  const left = side(a, b) // x < 0: tilt towards 0, shapes (a, b)
  const right = side(b, a) // x > 0: B' = 1 − B tilted towards 0, shapes (b, a)
  const m = new Float64Array(5)
  return (x, out) => {
    if (Math.abs(x) <= x0) {
      // Horner sums of Σ z_n x^{n+1}/(n+1), Σ z_n xⁿ and its first three derivatives.
      let k0 = 0,
        k1 = 0,
        k2 = 0,
        k3 = 0,
        k4 = 0
      for (let n = ORDER; n >= 1; n--) {
        const zn = z[n]!
        k0 = k0 * x + zn / (n + 1)
        k1 = k1 * x + zn
        k2 = k2 * x + n * zn
        if (n >= 2) k3 = k3 * x + n * (n - 1) * zn
        if (n >= 3) k4 = k4 * x + n * (n - 1) * (n - 2) * zn
      }
      out[0] = k0 * x * x
      out[1] = k1 * x
      out[2] = k2
      out[3] = k3
      out[4] = k4
      return
    }
    const s = x < 0 ? left : right
    s(Math.abs(x), m)
    const sign = x < 0 ? 1 : -1
    out[0] = m[0]!
    out[1] = sign * m[1]!
    out[2] = m[2]!
    out[3] = sign * m[3]!
    out[4] = m[4]!
  }
}

/**
 * For B ~ Beta(p, q) tilted by e^{−λB}, λ > 0, into m: K_{B−p/c}(−λ), E[B] − p/c and the
 * second to fourth cumulants (μ2, μ3, μ4 − 3μ2²).
 */
function side(p: number, q: number): (lambda: number, m: Float64Array) => void {
  const c = p + q
  // From λ ≥ big the asymptotic series' smallest term, ~e^{−λ}λ^{p+4}, is below ~1e-17.
  let big = 40
  while (big - (p + 5) * Math.log(big) < 40) big += 5
  // ... and its terms, ~(1 − q)_j (p + n)_j / (j! λ^j), stay small enough not to cancel much.
  big = Math.max(big, 2 * (p + 5) * (q + 1))
  // Mixture components Beta(p, q + k), grown on demand, and the weights of one call.
  let cap = 0
  let table = components(p, q, 0),
    w = new Float64Array(0)
  const grow = (n: number): void => {
    table = components(p, q, n)
    const kept = new Float64Array(n)
    kept.set(w)
    w = kept
    cap = n
  }
  const mixture = (lambda: number, m: Float64Array): void => {
    let { off, v2, v3, v4, ratio } = table
    let sum = 0,
      logScale = 0,
      mean = 0,
      wk = 1,
      k = 0
    for (; ; k++) {
      if (k >= cap) {
        grow(Math.max(64, 2 * cap))
        ;({ off, v2, v3, v4, ratio } = table)
      }
      w[k] = wk
      sum += wk
      mean += wk * off[k]!
      const r = lambda * ratio[k]!
      // Stop once the ratio is below 1/2 and the next term is negligible (the rest < 2 w_{k+1}).
      if (r < 0.5 && wk * r < 1e-18 * sum) break
      wk *= r
      if (sum > 1e280) {
        for (let i = 0; i <= k; i++) w[i]! *= 1e-280
        sum *= 1e-280
        mean *= 1e-280
        wk *= 1e-280
        logScale += 280 * Math.LN10
      }
    }
    mean /= sum
    let m2 = 0,
      m3 = 0,
      m4 = 0
    for (let i = 0; i <= k; i++) {
      const d = off[i]! - mean,
        d2 = d * d,
        a2 = v2[i]!,
        a3 = v3[i]!
      m2 += w[i]! * (a2 + d2)
      m3 += w[i]! * (a3 + d * (3 * a2 + d2))
      m4 += w[i]! * (v4[i]! + d * (4 * a3 + d * (6 * a2 + d2)))
    }
    m2 /= sum
    m[0] = Math.log(sum) + logScale - (lambda * q) / c
    m[1] = mean
    m[2] = m2
    m[3] = m3 / sum
    m[4] = m4 / sum - 3 * m2 * m2
  }
  const asymptotic = endpointSeries(p, q)
  return (lambda, m) => {
    if (lambda >= big && asymptotic(lambda, m)) return
    mixture(lambda, m)
  }
}

/**
 * Components Beta(p, q + k), k < n, of {@link side}'s mixture: the offset of the mean from
 * p/c, the central moments, and the weight ratio w_{k+1}/(λ w_k).
 */
function components(p: number, q: number, n: number) {
  const c = p + q
  const off = new Float64Array(n),
    v2 = new Float64Array(n),
    v3 = new Float64Array(n),
    v4 = new Float64Array(n),
    ratio = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const beta = q + k,
      s = c + k,
      ab = p * beta
    off[k] = -(p * k) / (c * s)
    v2[k] = ab / (s * s * (s + 1))
    v3[k] = (2 * ab * (beta - p)) / (s * s * s * (s + 1) * (s + 2))
    v4[k] = (3 * ab * (ab * (s - 6) + 2 * s * s)) / (s * s * s * s * (s + 1) * (s + 2) * (s + 3))
    ratio[k] = beta / (s * (k + 1))
  }
  return { off, v2, v3, v4, ratio }
}

/** The large-λ form of {@link side}'s tilted law (s = λB near 0); false where it does not converge cleanly. */
function endpointSeries(p: number, q: number): (lambda: number, m: Float64Array) => boolean {
  const c = p + q
  const logGammaRatio = gammaln(c) - gammaln(q)
  const g = new Float64Array(5),
    t = new Float64Array(5)
  return (lambda: number, m: Float64Array): boolean => {
    for (let n = 0; n < 5; n++) g[n] = t[n] = 1
    let prev = Infinity,
      largest = 1
    for (let j = 1; ; j++) {
      if (j > 300) return false
      let biggest = 0
      for (let n = 0; n < 5; n++) {
        t[n]! *= ((j - q) * (p + n + j - 1)) / (j * lambda)
        g[n]! += t[n]!
        biggest = Math.max(biggest, Math.abs(t[n]!) / Math.abs(g[n]!))
      }
      largest = Math.max(largest, biggest)
      // Converged, unless the sum cancelled more than 3 of its 16 digits.
      if (biggest < 1e-17) {
        if (largest > 1e3) return false
        break
      }
      if (biggest > prev && j > p + q + 6) return false // divergence set in before convergence
      prev = biggest
    }
    // E[sⁿ] = (p)_n G_n / G_0 with s = λB.
    const e1 = (p * g[1]!) / g[0]!,
      e2 = (p * (p + 1) * g[2]!) / g[0]!,
      e3 = (p * (p + 1) * (p + 2) * g[3]!) / g[0]!,
      e4 = (p * (p + 1) * (p + 2) * (p + 3) * g[4]!) / g[0]!
    const c2 = e2 - e1 * e1,
      c3 = e3 - 3 * e1 * e2 + 2 * e1 * e1 * e1,
      c4 = e4 - 4 * e1 * e3 + 6 * e1 * e1 * e2 - 3 * e1 * e1 * e1 * e1
    const l2 = lambda * lambda
    const mu2 = c2 / l2
    m[0] = logGammaRatio - p * Math.log(lambda) + Math.log(g[0]!) + (lambda * p) / c
    m[1] = e1 / lambda - p / c
    m[2] = mu2
    m[3] = c3 / (l2 * lambda)
    m[4] = c4 / (l2 * l2) - 3 * mu2 * mu2
    return true
  }
}
