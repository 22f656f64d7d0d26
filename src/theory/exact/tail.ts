/**
 * Upper tail P(S > t) of an outsider's score S = Σ_j w_j X_j, X_j i.i.d. from a law,
 * for fixed weights w (the set's average). Normal: exact. Uniform, Laplace and beta: the
 * Lugannani–Rice saddlepoint formula from the law's cumulant generating function,
 *   P(S > t) ≈ 1 - Φ(ŵ) + φ(ŵ)(1/û - 1/ŵ),  K_S'(θ̂) = t,
 *   ŵ = sign(θ̂)·sqrt(2(θ̂t - K_S(θ̂))),  û = θ̂·sqrt(K_S''(θ̂)),
 * with K_S(θ) = Σ_j K_X(w_j θ), plus Daniels' second-order term in the standardised third
 * and fourth cumulants at θ̂ (relative error O(1/d²) instead of O(1/d)). Rademacher is exact too, but through its own lattice path (lattice.ts), not a
 * tail. The beta law's CGF, log ₁F₁(a; a+b; θ), is in beta-cgf.ts. Student t has no MGF:
 * characteristic-function inversion instead (cf-tail.ts). Laws fitted to explicit or measured
 * moments (fitted.ts: normal, beta, variance-gamma), one per coordinate, take mixedSaddlepoint:
 * the same formula with K_S(θ) = Σ_j K_j(a_j θ), each coordinate's own CGF and θ range.
 */
import erfc from '@stdlib/math-base-special-erfc'
import { InputError } from '../../errors.js'
import type { Law } from '../../laws/laws.js'
import { betaCgf } from './beta-cgf.js'
import { studentTail } from './cf-tail.js'

/** P(S > t) for the weights it was built with. */
export type Tail = (t: number) => number

const SQRT1_2 = Math.SQRT1_2
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/** Laws the exact method handles. */
export function exactSupports(law: Law): boolean {
  return (
    law.kind === 'normal' ||
    law.kind === 'uniform' ||
    law.kind === 'laplace' ||
    law.kind === 'beta' ||
    law.kind === 'rademacher' ||
    law.kind === 'student-t'
  )
}

/**
 * Tail of Σ w_j X_j for X_j ~ a continuous law (Rademacher goes through lattice.ts instead);
 * `accuracy`: the absolute error of p the caller needs (Student t only, see cf-tail.ts).
 */
export function tailFor(law: Law, w: Float64Array, accuracy?: number): Tail {
  let sum = 0,
    sumSq = 0
  for (const v of w) {
    sum += v
    sumSq += v * v
  }
  switch (law.kind) {
    case 'normal': {
      const mean = law.mean * sum
      const sd = law.std * Math.sqrt(sumSq)
      return (t) => 0.5 * erfc(((t - mean) / sd) * SQRT1_2)
    }
    case 'uniform': {
      const c = (law.low + law.high) / 2,
        h = (law.high - law.low) / 2
      // Centred: X = c + h V, V ~ U(-1, 1), K_V(θ) = log(sinh θ / θ).
      const a = Float64Array.from(w, (v) => h * v)
      return saddlepoint(a, c * sum, kUniform, Infinity)
    }
    case 'laplace': {
      // X = loc + b E, E standard Laplace: K_E(θ) = -log(1 - θ²), |θ| < 1.
      const a = Float64Array.from(w, (v) => law.scale * v)
      return saddlepoint(a, law.location * sum, kLaplace, 1)
    }
    case 'beta': {
      // X = low + (high - low)(a/c + Y), Y = B - a/c centred (beta-cgf.ts), c = a + b.
      const width = law.high - law.low
      const a = Float64Array.from(w, (v) => width * v)
      return saddlepoint(a, (law.low + (width * law.a) / (law.a + law.b)) * sum, betaCgfFor(law.a, law.b), Infinity)
    }
    case 'student-t':
      // No MGF: characteristic-function inversion (cf-tail.ts).
      return studentTail(law.nu, w, accuracy)
    default:
      throw new InputError(
        `theory exact: law ${law.kind} is not supported yet (normal, uniform, laplace, beta, rademacher and student-t are); use --method prop2.`,
      )
  }
}

/** K(x) and its first four derivatives of a standardised coordinate law, into out[0..4]. */
export type Cgf = (x: number, out: Float64Array) => void

// tailFor runs once per sampled set: keep the last beta shape's CGF (its series and tables).
let lastBeta: { a: number; b: number; k: Cgf } | undefined
function betaCgfFor(a: number, b: number): Cgf {
  if (lastBeta?.a !== a || lastBeta.b !== b) lastBeta = { a, b, k: betaCgf(a, b) }
  return lastBeta.k
}

function kUniform(x: number, out: Float64Array): void {
  const ax = Math.abs(x)
  if (ax < 1e-2) {
    // Series to x^8 (truncation < 1e-16): the closed forms below cancel near 0.
    const x2 = x * x
    out[0] = x2 * (1 / 6 + x2 * (-1 / 180 + x2 * (1 / 2835 - x2 / 37800)))
    out[1] = x * (1 / 3 + x2 * (-1 / 45 + x2 * (2 / 945 - x2 / 4725)))
    out[2] = 1 / 3 + x2 * (-1 / 15 + x2 * (2 / 189 - x2 / 675))
    out[3] = x * (-2 / 15 + x2 * (8 / 189 - (6 * x2) / 675))
    out[4] = -2 / 15 + x2 * (8 / 63 - x2 / 22.5)
    return
  }
  // Everything from one exponential e = e^{-2|x|} (this runs d times per Newton step):
  // log(sinh x / x) = |x| + log((1 - e) / 2) - log|x|, coth x = sign(x)(1 + e)/(1 - e),
  // 1/sinh^2 x = 4e/(1 - e)^2.
  const e = Math.exp(-2 * ax)
  const oneMinus = 1 - e // >= 1 - e^{-0.02} ≈ 0.02 here
  out[0] = ax + Math.log1p(-e) - Math.LN2 - Math.log(ax)
  out[1] = (x > 0 ? 1 : -1) * ((1 + e) / oneMinus) - 1 / x
  out[2] = 1 / (x * x) - (4 * e) / (oneMinus * oneMinus)
  // coth/sinh powers from e as well: cosh/sinh^3 = 8 sign(x) e (1 + e) / (1 - e)^3,
  // 1/sinh^2 = 4e/(1-e)^2, so (sinh^2 - 3 cosh^2)/sinh^4 = 1/sinh^2 - 3 coth^2/sinh^2.
  const inv2 = (4 * e) / (oneMinus * oneMinus)
  const coth = (x > 0 ? 1 : -1) * ((1 + e) / oneMinus)
  out[3] = -2 / (x * x * x) + 2 * coth * inv2
  out[4] = 6 / (x * x * x * x) + 2 * (inv2 - 3 * coth * coth * inv2)
}

function kLaplace(x: number, out: Float64Array): void {
  const x2 = x * x
  out[0] = -Math.log1p(-x2)
  out[1] = (2 * x) / (1 - x2)
  const q = 1 - x2
  out[2] = (2 * (1 + x2)) / (q * q)
  out[3] = (4 * x * (x2 + 3)) / (q * q * q)
  out[4] = (12 * (x2 * x2 + 6 * x2 + 1)) / (q * q * q * q)
}

/**
 * Lugannani–Rice tail of shift + Σ a_j Y_j, Y_j i.i.d. with CGF `k` defined on (-radius, radius):
 * {@link mixedSaddlepoint} with the same law in every coordinate.
 */
function saddlepoint(a: Float64Array, shift: number, k: Cgf, radius: number): Tail {
  const d = a.length
  return mixedSaddlepoint(
    a,
    shift,
    new Array<Cgf>(d).fill(k),
    new Float64Array(d).fill(-radius),
    new Float64Array(d).fill(radius),
  )
}

/**
 * Lugannani–Rice tail of shift + Σ a_j Y_j, Y_j independent with their own CGFs `k[j]`
 * (fitted laws, one per coordinate: K_S(θ) = Σ_j K_j(a_j θ)), each defined for a_j θ in
 * (lo[j], hi[j]).
 */
export function mixedSaddlepoint(
  a: Float64Array,
  shift: number,
  k: readonly Cgf[],
  lo: Float64Array,
  hi: Float64Array,
): Tail {
  const tmp = new Float64Array(5)
  const d = a.length
  let variance = 0,
    lower = -Infinity,
    upper = Infinity
  for (let j = 0; j < d; j++) {
    const v = a[j]!
    k[j]!(0, tmp)
    variance += v * v * tmp[2]!
    if (v > 0) {
      lower = Math.max(lower, lo[j]! / v)
      upper = Math.min(upper, hi[j]! / v)
    } else if (v < 0) {
      lower = Math.max(lower, hi[j]! / v)
      upper = Math.min(upper, lo[j]! / v)
    }
  }
  const ks = (theta: number, out: Float64Array): void => {
    let k0 = 0,
      k1 = 0,
      k2 = 0
    for (let j = 0; j < d; j++) {
      const v = a[j]!
      k[j]!(v * theta, tmp)
      k0 += tmp[0]!
      k1 += v * tmp[1]!
      k2 += v * v * tmp[2]!
    }
    out[0] = k0
    out[1] = k1
    out[2] = k2
  }
  const higher = (theta: number): [number, number] => {
    let k3 = 0,
      k4 = 0
    for (let j = 0; j < d; j++) {
      const v = a[j]!
      k[j]!(v * theta, tmp)
      k3 += v * v * v * tmp[3]!
      k4 += v * v * v * v * tmp[4]!
    }
    return [k3, k4]
  }
  return lugannaniRice(shift, variance, ks, higher, lower, upper)
}

/**
 * The second-order Lugannani–Rice tail P(shift + S > t) from S's CGF: `ks` puts K_S, K_S',
 * K_S'' at θ into its array, `higher` returns K_S''' and K_S''''; K_S is finite on (thetaLow, thetaHigh).
 */
function lugannaniRice(
  shift: number,
  variance: number,
  ks: (theta: number, out: Float64Array) => void,
  higher: (theta: number) => [number, number],
  thetaLow: number,
  thetaHigh: number,
): Tail {
  const sd = Math.sqrt(variance)
  const cur = new Float64Array(3)
  return (tRaw: number): number => {
    const t = tRaw - shift
    const z = t / sd
    // At the mean the formula is 0/0; within 1e-4 sd the normal tail is accurate to ~1e-5 relative.
    if (Math.abs(z) < 1e-4) return 0.5 * erfc(z * SQRT1_2)
    // Safeguarded Newton on K'(θ) = t: K' is increasing, θ has t's sign, thetaLow < θ < thetaHigh.
    let lo = t > 0 ? 0 : thetaLow,
      hi = t > 0 ? thetaHigh : 0
    let theta = Math.max(lo * 0.999, Math.min(hi * 0.999, t / variance))
    for (let it = 0; it < 100; it++) {
      ks(theta, cur)
      const f = cur[1]! - t
      if (f > 0) hi = theta
      else lo = theta
      let next = theta - f / cur[2]!
      if (!(next > lo && next < hi)) next = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : theta * 2
      // Newton converges quadratically: once a step is below 1e-8 |θ|, the next one would be
      // ~1e-16 |θ|, so take this step and stop instead of confirming it with one more K pass.
      if (Math.abs(next - theta) <= 1e-8 * Math.abs(theta)) {
        theta = next
        break
      }
      theta = next
    }
    ks(theta, cur)
    const w = Math.sign(theta) * Math.sqrt(Math.max(0, 2 * (theta * t - cur[0]!)))
    const u = theta * Math.sqrt(cur[2]!)
    const upper = 0.5 * erfc(w * SQRT1_2)
    // Daniels' (1987) second-order Lugannani–Rice term, with the standardised cumulants
    // λ3 = K'''/K''^1.5 and λ4 = K''''/K''^2 at θ̂: about 5-10x less relative error than the
    // first-order formula on exact tails (Laplace pairs 2 % -> 0.4 %, Irwin–Hall 3 % -> 0.4 %).
    const [k3, k4] = higher(theta)
    const l3 = k3 / Math.pow(cur[2]!, 1.5),
      l4 = k4 / (cur[2]! * cur[2]!)
    const bracket =
      1 / u - 1 / w + (1 / u) * (l4 / 8 - (5 * l3 * l3) / 24) - l3 / (2 * u * u) - 1 / (u * u * u) + 1 / (w * w * w)
    const p = upper + INV_SQRT_2PI * Math.exp(-0.5 * w * w) * bracket
    // At or beyond a bounded law's support no θ solves K'(θ) = t and θ runs off: 0 or 1, not NaN.
    if (Number.isNaN(p)) return t > 0 ? 0 : 1
    return Math.min(1, Math.max(0, p))
  }
}
