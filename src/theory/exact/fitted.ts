/**
 * A coordinate law fitted to four moments (mean, std, skewness γ, non-excess kurtosis κ), so
 * that the exact method (consistency.ts, mixed.ts) runs on explicit or measured moments too.
 * Every family has an MGF, so one saddlepoint path (tail.ts) serves every coordinate:
 * - normal when γ = 0 and κ = 3 (within 1e-9);
 * - Pearson type I, a scaled and shifted Beta(a, b), when 1 + γ² < κ < 3 + 1.5γ²:
 *   r = a + b = 6(κ − γ² − 1)/(6 + 3γ² − 2κ), a, b = (r/2)(1 ∓ (r + 2)γ/sqrt((r + 2)²γ² + 16(r + 1))),
 *   the support's width from the std, its low end from the mean;
 * - variance-gamma (vg.ts; the gamma law on the line κ = 3 + 1.5γ²) when κ ≥ 3 + 1.5γ²:
 *   together the two ranges leave no gap.
 * Where a fit would be degenerate the nearest admissible kurtosis is taken (same mean, std and
 * skewness) and `note` says so: at the two-point bound κ = 1 + γ² (no law with a density; the
 * beta with a + b = 0.05), a beta with a + b above 1e6 (the gamma line's VG instead, κ within
 * 6e-6) and a VG with λ above 1e8 (the normal law, κ within 3e-8 of 3). Below 1 + γ² no law
 * exists: an InputError naming the moments.
 */
import { InputError } from '../../errors.js'
import type { Law, Moments } from '../../laws/laws.js'
import type { Rng } from '../../rng.js'
import { logGamma } from '../../synthetic/samplers.js'
import { zigguratNormal } from '../../synthetic/ziggurat.js'
import type { Embeddings } from '../../io/embeddings.js'
import { rng } from '../../rng.js'
import { betaCgf } from './beta-cgf.js'
import { fitVg, vgCgf, vgDomain, vgDraw, vgMoments, type VgParams } from './vg.js'

/** The families a fit can return; `constant` is a coordinate with std 0 (per-dimension moments). */
export type FittedFamily = 'normal' | 'beta' | 'variance-gamma' | 'constant'

/** K(x) and its first four derivatives into out[0..4] (tail.ts's Cgf). */
export type CoordCgf = (x: number, out: Float64Array) => void

/** One fitted coordinate: X = centre + scale·Y, Y centred with CGF `cgf` on (lo, hi). */
export interface FittedLaw {
  family: FittedFamily
  centre: number
  scale: number
  cgf: CoordCgf
  lo: number
  hi: number
  /** One draw of X. */
  draw: (r: Rng, normal: () => number) => number
  /** The law's parameters, as the results JSON reports them. */
  params: Record<string, number>
  /** The fitted law's moments (the given ones unless `note` says they were moved). */
  moments: Moments
  /** The named law it equals (normal, beta): the i.i.d. exact method's own paths take it. */
  law?: Law
  note?: string
}

/** Tolerance of the normal family: |γ| and |κ − 3| at most this. */
export const NORMAL_TOL = 1e-9
/** Smallest a + b of a fitted beta (next to the two-point bound): Beta(0.025, 0.025) has κ 1.03. */
const R_MIN = 0.05
/** Largest a + b of a fitted beta (its CGF's series stays accurate); beyond, κ is within 6e-6 of the gamma line. */
const R_MAX = 1e6
/** Largest λ of a fitted variance-gamma law; beyond, the normal law (excess kurtosis below 3e-8). */
const LAMBDA_MAX = 1e8

const kNormal: CoordCgf = (x, out) => {
  out[0] = 0.5 * x * x
  out[1] = x
  out[2] = 1
  out[3] = 0
  out[4] = 0
}

const g = (v: number): string => String(Number(v.toPrecision(6)))

/** The law fitted to `m`; `where` names the moments in a note or message (e.g. "--moments", "dimension 3"). */
export function fitLaw(m: Moments, where = '--moments'): FittedLaw {
  const { mean, std, skewness: gam, kurtosis: kap } = m
  if (!(std > 0)) {
    if (std === 0 && Number.isFinite(mean))
      return {
        family: 'constant',
        centre: mean,
        scale: 0,
        cgf: kNormal,
        lo: -Infinity,
        hi: Infinity,
        draw: () => mean,
        params: { value: mean },
        moments: { ...m },
      }
    throw new InputError(`${where}: std ${std} must be positive to fit a law.`)
  }
  const g2 = gam * gam
  if (!(kap >= (1 + g2) * (1 - 1e-9)))
    throw new InputError(
      `${where}: kurtosis ${kap} is below 1 + skewness^2 = ${1 + g2}; no law has such moments (Pearson's inequality).`,
    )
  if (Math.abs(gam) <= NORMAL_TOL && Math.abs(kap - 3) <= NORMAL_TOL) return normalLaw(mean, std)
  const gammaLine = 3 + 1.5 * g2
  if (kap < gammaLine) {
    const r = (6 * (kap - g2 - 1)) / (6 + 3 * g2 - 2 * kap)
    if (r >= R_MIN && r <= R_MAX) return betaLaw(mean, std, gam, r)
    if (r < R_MIN) {
      const fit = betaLaw(mean, std, gam, R_MIN)
      return moved(
        fit,
        kap,
        `${where}: kurtosis ${g(kap)} is at the two-point bound 1 + skewness^2 = ${g(1 + g2)}, which no law with a density reaches`,
      )
    }
  }
  const target = Math.max(kap, gammaLine)
  const p = fitVg(gam, target)
  if (p === undefined || p.lambda > LAMBDA_MAX)
    return moved(
      normalLaw(mean, std),
      kap,
      `${where}: skewness ${g(gam)} and kurtosis ${g(kap)} are within 1e-7 of the normal law's`,
    )
  const fit = vgLaw(mean, std, p)
  if (target === kap) return fit
  return moved(
    fit,
    kap,
    `${where}: kurtosis ${g(kap)} is within 6e-6 of the gamma line 3 + 1.5 skewness^2 = ${g(gammaLine)}, where a beta fit degenerates`,
  )
}

/** `fit` with a note that its kurtosis is not the `asked` one. */
function moved(fit: FittedLaw, asked: number, why: string): FittedLaw {
  fit.note = `${why}; fitted the nearest admissible law, ${fit.family} with kurtosis ${g(fit.moments.kurtosis)} instead of ${g(asked)}.`
  return fit
}

function normalLaw(mean: number, std: number): FittedLaw {
  return {
    family: 'normal',
    centre: mean,
    scale: std,
    cgf: kNormal,
    lo: -Infinity,
    hi: Infinity,
    draw: (_r, normal) => mean + std * normal(),
    params: { mean, std },
    moments: { mean, std, skewness: 0, kurtosis: 3 },
    law: { kind: 'normal', mean, std },
  }
}

/** Pearson type I with a + b = r and the given mean, std and skewness (the header's formulas). */
function betaLaw(mean: number, std: number, gam: number, r: number): FittedLaw {
  const root = Math.sqrt((r + 2) * (r + 2) * gam * gam + 16 * (r + 1))
  const a = (r / 2) * (1 - ((r + 2) * gam) / root)
  const b = (r / 2) * (1 + ((r + 2) * gam) / root)
  const width = std * r * Math.sqrt((r + 1) / (a * b))
  const low = mean - (width * a) / r
  const high = low + width
  const kurtosis = 3 + (6 * ((a - b) * (a - b) * (r + 1) - a * b * (r + 2))) / (a * b * (r + 2) * (r + 3))
  return {
    family: 'beta',
    centre: mean,
    scale: width,
    // Large shapes: the CGF's series reaches far (its radius grows like a + b), the mixture sums would not.
    cgf: betaCgf(a, b, r > 20 ? Infinity : undefined),
    lo: -Infinity,
    hi: Infinity,
    draw: (r0, normal) => low + width / (1 + Math.exp(logGamma(r0, normal, b) - logGamma(r0, normal, a))),
    params: { a, b, low, high },
    moments: { mean, std, skewness: gam, kurtosis },
    law: { kind: 'beta', a, b, low, high },
  }
}

function vgLaw(mean: number, std: number, p: VgParams): FittedLaw {
  const unit = vgDraw(p)
  const [lo, hi] = vgDomain(p)
  // Reported on the coordinate's own scale: X = mean + std·Y scales β and σ by std.
  const params = { lambda: p.lambda, beta: p.beta * std, sigma: p.sigma * std, mu: mean + std * p.mu }
  const fitted = vgMoments(p)
  return {
    family: 'variance-gamma',
    centre: mean,
    scale: std,
    cgf: vgCgf(p),
    lo,
    hi,
    draw: (r, normal) => mean + std * unit(r, normal),
    params,
    moments: { mean, std, skewness: fitted.skewness, kurtosis: fitted.kurtosis },
  }
}

/** Counts per family and the notes of per-dimension fits, for the results JSON. */
export interface FittedSummary {
  counts: Record<FittedFamily, number>
  /** Dimensions whose moments were moved to the nearest admissible law. */
  adjusted: number[]
}

export function summariseFits(fits: readonly FittedLaw[]): FittedSummary {
  const counts: Record<FittedFamily, number> = { normal: 0, beta: 0, 'variance-gamma': 0, constant: 0 }
  const adjusted: number[] = []
  fits.forEach((f, j) => {
    counts[f.family]++
    if (f.note) adjusted.push(j + 1)
  })
  return { counts, adjusted }
}

/** N items drawn coordinate-wise from the fitted laws (one per dimension), row-major float32. */
export function sampleFitted(fits: readonly FittedLaw[], n: number, seed: number): Embeddings {
  const d = fits.length
  const r = rng(seed >>> 0)
  const normal = zigguratNormal(r)
  const data = new Float32Array(n * d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = fits[j]!.draw(r, normal)
  return { n, d, data }
}
