/**
 * The normal-inverse-Gaussian law NIG(α, β, δ, μ) of a fitted coordinate (fitted.ts) with
 * heavier tails than the normal: its fit from four moments, its centred CGF with four
 * derivatives for tail.ts's saddlepoint, and a sampler.
 *
 * K(θ) = μθ + δ(γ₀ − q(θ)), q(θ) = sqrt(α² − (β + θ)²), γ₀ = q(0) = sqrt(α² − β²), for
 * −α − β < θ < α − β. With u = β + θ: K' = μ + δu/q, K'' = δα²/q³, K''' = 3δα²u/q⁵,
 * K'''' = 3δα²(α² + 4u²)/q⁷. Moments: mean μ + δβ/γ₀, variance δα²/γ₀³,
 * skewness 3ρ/sqrt(ζ), excess kurtosis 3(1 + 4ρ²)/ζ with ρ = β/α and ζ = δγ₀; so
 * κ = 3 + 3/ζ + (4/3)γ², and a fit exists exactly when κ > 3 + (5/3)γ² (ρ² < 1).
 * Sampling: X = μ + βV + sqrt(V) Z, V ~ inverse Gaussian (mean δ/γ₀, shape δ²), Z ~ N(0, 1).
 */
import type { Rng } from '../../rng.js'

/** NIG parameters (α > |β|, δ > 0). */
export interface NigParams {
  alpha: number
  beta: number
  delta: number
  mu: number
}

/**
 * The NIG law with mean 0, variance 1, skewness `skew` and (non-excess) kurtosis `kurt`;
 * undefined unless kurt > 3 + (5/3) skew².
 */
export function fitNig(skew: number, kurt: number): NigParams | undefined {
  const excess = kurt - 3
  const g2 = skew * skew
  if (!(excess > (5 / 3) * g2)) return undefined
  const zeta = 3 / (excess - (4 / 3) * g2)
  const rho = (skew * Math.sqrt(zeta)) / 3
  const oneMinus = 1 - rho * rho
  const alpha = Math.sqrt(zeta) / oneMinus
  const gamma0 = alpha * Math.sqrt(oneMinus)
  const beta = rho * alpha
  const delta = zeta / gamma0
  return { alpha, beta, delta, mu: -(delta * beta) / gamma0 }
}

/** Mean, variance, skewness and non-excess kurtosis of NIG(α, β, δ, μ) (the closed forms of the header). */
export function nigMoments(p: NigParams): { mean: number; variance: number; skewness: number; kurtosis: number } {
  const gamma0 = Math.sqrt(p.alpha * p.alpha - p.beta * p.beta)
  const zeta = p.delta * gamma0
  const rho = p.beta / p.alpha
  return {
    mean: p.mu + (p.delta * p.beta) / gamma0,
    variance: (p.delta * p.alpha * p.alpha) / gamma0 ** 3,
    skewness: (3 * rho) / Math.sqrt(zeta),
    kurtosis: 3 + (3 * (1 + 4 * rho * rho)) / zeta,
  }
}

/** The θ range of the centred CGF: (−α − β, α − β). */
export function nigDomain(p: NigParams): [number, number] {
  return [-p.alpha - p.beta, p.alpha - p.beta]
}

/**
 * K, K', K'', K''', K'''' of the centred law X − E[X] at θ into out[0..4]. K and K' in a
 * form free of cancellation near 0 (K ~ θ²/2 there even when α is huge):
 * γ₀ − q = θ(2β + θ)/(γ₀ + q), so K' − E[X] = δθB/(qγ₀) and K − θE[X] = δθ²B/(γ₀(γ₀ + q)) with
 * B = γ₀ + β(2β + θ)/(γ₀ + q).
 */
export function nigCgf(p: NigParams): (x: number, out: Float64Array) => void {
  const { alpha, beta, delta } = p
  const gamma0 = Math.sqrt((alpha - beta) * (alpha + beta))
  const a2 = alpha * alpha
  return (x, out) => {
    const u = beta + x
    const q = Math.sqrt((alpha - u) * (alpha + u))
    const sum = gamma0 + q
    const b = gamma0 + (beta * (2 * beta + x)) / sum
    const q2 = q * q
    const q3 = q2 * q
    out[0] = (delta * x * x * b) / (gamma0 * sum)
    out[1] = (delta * x * b) / (q * gamma0)
    out[2] = (delta * a2) / q3
    out[3] = (3 * delta * a2 * u) / (q3 * q2)
    out[4] = (3 * delta * a2 * (a2 + 4 * u * u)) / (q3 * q2 * q2)
  }
}

/**
 * One draw of NIG(α, β, δ, μ): the normal variance-mean mixture of the header, V by
 * Michael, Schucany and Haas (1976) for IG(m, λ) (the root in its cancellation-free form:
 * x = m − 2m²y/(my + sqrt(m²y² + 4mλy)), y = Z'²; then x or m²/x with probability m/(m + x)).
 */
export function nigDraw(p: NigParams): (r: Rng, normal: () => number) => number {
  const gamma0 = Math.sqrt((p.alpha - p.beta) * (p.alpha + p.beta))
  const m = p.delta / gamma0
  const lambda = p.delta * p.delta
  return (r, normal) => {
    const z = normal()
    const y = z * z
    const my = m * y
    let v = m - (2 * m * my) / (my + Math.sqrt(my * my + 4 * m * lambda * y))
    if (!(r.next() * (m + v) <= m)) v = (m * m) / v
    return p.mu + p.beta * v + Math.sqrt(v) * normal()
  }
}
