/**
 * Upper tail P(S > x) of S = Σ_j w_j X_j, X_j i.i.d. standard Student t(ν) (location 0,
 * scale 1: the law synthetic/samplers.ts draws), by inverting the characteristic function.
 * The t law has no MGF, so the saddlepoint of tail.ts does not apply.
 *
 * CF. X = Z·√(ν/V), V ~ χ²_ν = 2G, G ~ Gamma(α = ν/2), so
 *   φ_X(u) = E[exp(−a/G)],  a = νu²/4,
 * which is the closed form K_α(√ν|u|)(√ν|u|)^α / (Γ(α) 2^(α−1)). No Bessel K is on npm in
 * @stdlib, so the expectation is integrated directly: with G = e^s the integrand
 * exp(αs − e^s − a e^(−s)) is analytic and decays (double) exponentially, so the trapezoidal
 * rule converges geometrically (step min(0.05, 0.25/√α), checked in the tests). What the
 * inversion needs is the deviation from the normal law of the same variance σ² = ν/(ν−2),
 *   g(u) = log φ_X(u) + σ²u²/2 = κ₄u⁴/24 + …,
 * to relative (not absolute) accuracy: it is written φ = 1 + y, y = −a/(α−1) + E[f(a/G)],
 * f(z) = e^(−z) − 1 + z ≥ 0, g = (log1p(y) − y) + E[f(a/G)], for small y. g(u)/u⁴ is tabulated
 * per ν on u = iΔ, Δ = 1/128, up to where log φ_X < −60, and read by 4-point (cubic) Lagrange
 * interpolation: measured error of g below 1e-14·g + 1e-300 (test/theory/exact-cf-tail.test.ts).
 *
 * Inversion (Gil-Pelaez, against the normal law N of the same variance σ_S² = σ²|w|²):
 *   P(S > x) = Q(x/σ_S) + (1/π) ∫_0^∞ sin(xt) (φ_N(t) − φ_S(t))/t dt,  φ_S(t) = Π_j φ_X(w_j t),
 * the integral by the midpoint rule t_m = (m + ½)h. For a unit mass at ±y the midpoint sum is
 * exact while |x| + |y| < L = 2π/h (square-wave series), so its aliasing error is at most the
 * mass of |S| (and of |N|) beyond L − |x|. The t tail is polynomial, P(X > z) ≤ C_ν z^(−ν), and
 * the sum's far tail is that of its largest term (subexponential), so the reach R is set from
 * Σ_j P(|w_j X| > R/1.25) ≤ ε/10 (and R ≥ 10σ_S for the normal part); L = 1.25|x| + R, rebuilt
 * for a larger x. ε is the accuracy the caller asks for (exact/consistency.ts: 1e-6/N, so that
 * E[precision | U] moves by at most 1e-6; floored at CF_RESOLUTION): a looser ε is a much shorter
 * reach (R ∝ ε^(−1/ν)), ~30-90 nodes at d = 128. φ_S and φ_N are positive and decreasing (t is a
 * scale mixture of normals), so the sum stops once both are below ε/1e4. φ_S is formed once
 * per set on the nodes; each threshold then costs one sine per node.
 *
 * Accuracy (test/theory/exact-cf-tail.test.ts, ν = 5, 6, 10, 30): absolute error of p below
 * 1e-16 + 2e-14·min(p, 1) (most x: ~1e-17) (d = 1 against the t CDF, d = 2 against a numerical convolution), and the table's g within 1e-13 relative of the quadrature for ν ≤ 30.
 * CF_RESOLUTION = 1e-16 is what is claimed in the tail. The binomial step turns an error ε in p
 * into at most N·ε in E[precision | U], so above N ≈ 1e11 the exact method is approximate
 * to N·1e-16; {@link cfNote} says so.
 */
import erfc from '@stdlib/math-base-special-erfc'
import gammaln from '@stdlib/math-base-special-gammaln'
import { InputError } from '../../errors.js'

/** Absolute error of P(S > x) this tail resolves where p < 4e-3 (measured: 1e-16 + 2e-14·p; see the header). */
export const CF_RESOLUTION = 1e-16

const SQRT1_2 = Math.SQRT1_2
/** Grid step in v = u^(1/4) (smooths g's |u|^ν term at 0). */
const STEP = 1 / 512

interface Table {
  nu: number
  sigma2: number
  /** Degree-7 pieces: r(u) = Σ_q coef[8i + q] s^q on u = (i + s)Δ, s in [0, 1). */
  coef: Float64Array
  /** Beyond this u, φ_X(u) < e^(−60). */
  uMax: number
  /** log C_ν: P(X > z) ≤ C_ν z^(−ν). */
  logTailC: number
}

const tables = new Map<number, Table>()

/** Monomial coefficients (in s) of the Lagrange basis on the nodes −3 .. 4: BASIS[8k + q]. */
const BASIS = (() => {
  const out = new Float64Array(64)
  for (let k = 0; k < 8; k++) {
    let poly = [1]
    let denom = 1
    for (let j = 0; j < 8; j++) {
      if (j === k) continue
      const node = j - 3
      const next = new Array<number>(poly.length + 1).fill(0)
      for (let q = 0; q < poly.length; q++) {
        next[q + 1]! += poly[q]!
        next[q]! -= node * poly[q]!
      }
      poly = next
      denom *= k - 3 - node
    }
    for (let q = 0; q < 8; q++) out[8 * k + q] = poly[q]! / denom
  }
  return out
})()

/** The per-ν table of g(u)/u⁴ (~0.1 s; kept for the process). */
export function tableFor(nu: number): Table {
  const known = tables.get(nu)
  if (known) return known
  const alpha = nu / 2
  const sigma2 = nu / (nu - 2)
  const quad = gammaQuadrature(alpha)
  const values: number[] = [(sigma2 * sigma2) / (4 * (nu - 4))] // r(0) = κ₄/24
  let uMax = 0
  for (let i = 1; ; i++) {
    const u = (i * STEP) ** 4
    const g = gOf(u, nu, alpha, sigma2, quad)
    values.push(g / (u * u * u * u))
    if (uMax === 0 && g - (sigma2 * u * u) / 2 < -60) uMax = u
    if (uMax > 0 && i * STEP > uMax ** 0.25 + 6 * STEP) break
  }
  // r is even: r(−iΔ) = r(iΔ) for the pieces next to 0.
  const at = (i: number): number => values[Math.abs(i)]!
  const pieces = Math.ceil(uMax ** 0.25 / STEP) + 1
  const coef = new Float64Array(8 * pieces)
  for (let i = 0; i < pieces; i++)
    for (let k = 0; k < 8; k++) {
      const v = at(i + k - 3)
      for (let q = 0; q < 8; q++) coef[8 * i + q]! += v * BASIS[8 * k + q]!
    }
  const logTailC =
    gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI) + ((nu - 1) / 2) * Math.log(nu)
  const table = { nu, sigma2, coef, uMax, logTailC }
  tables.set(nu, table)
  return table
}

/** Trapezoidal nodes s and weights of E[F(G)], G ~ Gamma(α), with G = e^s. */
function gammaQuadrature(alpha: number): { g: Float64Array; weight: Float64Array } {
  const h = Math.min(0.05, 0.25 / Math.sqrt(alpha))
  // Left: the density is ~e^(αs); E[f(a/G)] ~ a e^((α−1)s) there, relative to ~a²: e^(−50) at most.
  const lo = Math.max(-700, -110 / (alpha - 1))
  const hi = Math.log(alpha + 40 + 10 * Math.sqrt(alpha)) + 0.5
  const count = Math.ceil((hi - lo) / h) + 1
  const g = new Float64Array(count)
  const weight = new Float64Array(count)
  const logNorm = Math.log(h) - gammaln(alpha)
  for (let i = 0; i < count; i++) {
    const s = lo + i * h
    g[i] = Math.exp(s)
    weight[i] = Math.exp(alpha * s - Math.exp(s) + logNorm)
  }
  return { g, weight }
}

/** f(z) = e^(−z) − 1 + z to full relative accuracy. */
function fOf(z: number): number {
  if (z > 0.5) return Math.expm1(-z) + z
  if (z === 0) return 0
  let term = (z * z) / 2,
    sum = 0
  for (let n = 3; Math.abs(term) > 1e-18 * sum; n++) {
    sum += term
    term *= -z / n
  }
  return sum
}

/** g(u) = log φ_X(u) + σ²u²/2, to relative accuracy. */
function gOf(
  u: number,
  nu: number,
  alpha: number,
  sigma2: number,
  q: { g: Float64Array; weight: Float64Array },
): number {
  const a = (nu * u * u) / 4
  const quad = a / (alpha - 1) // = σ²u²/2
  if (quad < 0.5) {
    let ef = 0
    for (let i = 0; i < q.g.length; i++) ef += q.weight[i]! * fOf(a / q.g[i]!)
    const y = -quad + ef
    return log1pMinus(y) + ef
  }
  // Far from 0: log φ directly (log-sum-exp), g = log φ + σ²u²/2 has no cancellation to fear.
  let top = -Infinity
  const logs = new Float64Array(q.g.length)
  for (let i = 0; i < q.g.length; i++) {
    logs[i] = Math.log(q.weight[i]!) - a / q.g[i]!
    if (logs[i]! > top) top = logs[i]!
  }
  let sum = 0
  for (let i = 0; i < q.g.length; i++) sum += Math.exp(logs[i]! - top)
  return top + Math.log(sum) + (sigma2 * u * u) / 2
}

/** log1p(y) − y, accurate for small y. */
function log1pMinus(y: number): number {
  if (Math.abs(y) > 0.1) return Math.log1p(y) - y
  let pow = y * y,
    sum = 0
  for (let n = 2; n < 40; n++) {
    const term = ((n % 2 === 0 ? -1 : 1) * pow) / n
    sum += term
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break
    pow *= y
  }
  return sum
}

/** g(u) from the table (0 ≤ u < uMax). */
export function gAt(t: Table, u: number): number {
  const x = Math.sqrt(Math.sqrt(u)) / STEP
  const i = Math.floor(x)
  const s = x - i
  const c = t.coef
  const b = 8 * i
  const v =
    c[b]! +
    s *
      (c[b + 1]! +
        s * (c[b + 2]! + s * (c[b + 3]! + s * (c[b + 4]! + s * (c[b + 5]! + s * (c[b + 6]! + s * c[b + 7]!))))))
  const u2 = u * u
  return u2 * u2 * v
}

/**
 * The tail P(S > x) for S = Σ w_j X_j, X_j ~ standard t(ν), to about `accuracy` absolute
 * (aliasing budget; floored at CF_RESOLUTION): a looser target needs a shorter reach, so fewer nodes.
 */
export function studentTail(nu: number, w: Float64Array, accuracy = CF_RESOLUTION): (x: number) => number {
  if (!(nu > 4)) throw new InputError(`theory exact: student-t needs nu > 4 (finite kurtosis), not ${nu}.`)
  const table = tableFor(nu)
  const eps = Math.max(accuracy, CF_RESOLUTION) / 10
  let sumSq = 0,
    wMax = 0
  for (const v of w) {
    sumSq += v * v
    wMax = Math.max(wMax, Math.abs(v))
  }
  if (wMax === 0) return (x) => (x < 0 ? 1 : 0)
  const sigmaS = Math.sqrt(table.sigma2 * sumSq)
  // Per coordinate: w_j⁴ and the table position |w_j|^(1/4)/Δ (times t^(1/4) at a node).
  const w4 = Float64Array.from(w, (v) => v * v * v * v)
  const pos = Float64Array.from(w, (v) => Math.sqrt(Math.sqrt(Math.abs(v))) / STEP)
  // Reach R: Σ_j C (1.25|w_j|/R)^ν ≤ eps/2 per side, computed relative to wMax.
  let powSum = 0
  for (const v of w) powSum += Math.pow(Math.abs(v) / wMax, nu)
  const jump = 1.25 * wMax * Math.exp((table.logTailC + Math.log(powSum) - Math.log(eps / 2)) / nu)
  const reach = Math.max(10 * sigmaS, jump)
  const stop = eps * 1e-3
  const coefs = table.coef
  let coef = new Float64Array(0)
  let nodes = new Float64Array(0)
  let span = 0 // L = 2π/h of the current nodes
  const build = (length: number): void => {
    span = length
    const h = (2 * Math.PI) / length
    const c: number[] = [],
      t: number[] = []
    const limit = table.uMax / wMax
    for (let m = 0; ; m++) {
      const tm = (m + 0.5) * h
      if (tm >= limit) break
      // G(t) = Σ_j g(|w_j| t) = t⁴ Σ_j w_j⁴ r(|w_j| t), r from its degree-7 piece.
      const root = Math.sqrt(Math.sqrt(tm))
      let acc = 0
      for (let j = 0; j < w4.length; j++) {
        const x = pos[j]! * root
        const i = Math.floor(x)
        const f = x - i
        const b = 8 * i
        const r =
          coefs[b]! +
          f *
            (coefs[b + 1]! +
              f *
                (coefs[b + 2]! +
                  f *
                    (coefs[b + 3]! +
                      f * (coefs[b + 4]! + f * (coefs[b + 5]! + f * (coefs[b + 6]! + f * coefs[b + 7]!))))))
        acc += w4[j]! * r
      }
      const t2 = tm * tm
      const gSum = t2 * t2 * acc
      const logN = -0.5 * sigmaS * sigmaS * t2
      const phiN = Math.exp(logN)
      const phiS = Math.exp(logN + gSum)
      if (Math.max(phiN, phiS) < stop) break
      const diff = gSum < 1 ? -phiN * Math.expm1(gSum) : phiN - phiS
      c.push((h / Math.PI) * (diff / tm))
      t.push(tm)
    }
    coef = Float64Array.from(c)
    nodes = Float64Array.from(t)
  }
  return (x: number): number => {
    if (span < Math.abs(x) + reach) build(Math.abs(x) * 1.25 + reach)
    let sum = 0
    for (let m = 0; m < nodes.length; m++) sum += coef[m]! * Math.sin(x * nodes[m]!)
    const p = 0.5 * erfc((x / sigmaS) * SQRT1_2) + sum
    return Math.min(1, Math.max(0, p))
  }
}

/** g(u) = log φ_X(u) + σ²u²/2 by quadrature, without the table (for tests). */
export function gDirect(nu: number, u: number): number {
  return gOf(u, nu, nu / 2, nu / (nu - 2), gammaQuadrature(nu / 2))
}

/** The accuracy of p that keeps E[precision | U] within 1e-6 with m outsiders (error ≤ m·ε). */
export function cfAccuracy(m: number): number {
  return Math.max(CF_RESOLUTION, 1e-6 / Math.max(1, m))
}

/**
 * The note a student-t exact run carries when an error of CF_RESOLUTION in p can move
 * E[precision | U] by more than 1e-5 (N above 1e11), undefined otherwise.
 */
export function cfNote(n: number): string | undefined {
  const bound = n * CF_RESOLUTION
  if (bound <= 1e-5) return undefined
  const res = CF_RESOLUTION.toExponential(0)
  return `exact (CF inversion) resolves the outsiders' tail p to ~${res} (absolute); at N=${n.toExponential(0)} an error of that size can move each E[precision | U] by up to N·${res} = ${bound.toPrecision(2)}, so the result is approximate to about that.`
}
