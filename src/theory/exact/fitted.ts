/**
 * A coordinate law fitted to four moments (mean, std, skewness γ, non-excess kurtosis κ), so
 * that the exact method (consistency.ts, mixed.ts) runs on explicit or measured moments too.
 * Every family has an MGF, so one saddlepoint path (tail.ts) serves every coordinate:
 * - normal when γ = 0 and κ = 3 (within 1e-9);
 * - Pearson type I, a scaled and shifted Beta(a, b), when 1 + γ² < κ < 3 + 1.5γ²:
 *   r = a + b = 6(κ − γ² − 1)/(6 + 3γ² − 2κ), a, b = (r/2)(1 ∓ (r + 2)γ/sqrt((r + 2)²γ² + 16(r + 1))),
 *   the support's width from the std, its low end from the mean;
 * - normal-inverse-Gaussian (nig.ts) when κ > 3 + (5/3)γ².
 * Between the two ranges (3 + 1.5γ² ≤ κ ≤ 3 + (5/3)γ², the gamma and inverse-Gaussian lines)
 * and next to the two-point bound κ = 1 + γ² no such law exists: the fit takes the nearest
 * admissible kurtosis (same mean, std and skewness) and says so in `note`. Below 1 + γ² no law
 * exists at all (validate.ts refuses those moments).
 */
import { InputError } from '../../errors.js'
import type { Law, Moments } from '../../laws/laws.js'
import type { Rng } from '../../rng.js'
import { logGamma } from '../../synthetic/samplers.js'
import { zigguratNormal } from '../../synthetic/ziggurat.js'
import type { Embeddings } from '../../io/embeddings.js'
import { rng } from '../../rng.js'
import { betaCgf } from './beta-cgf.js'
import { fitNig, nigCgf, nigDomain, nigDraw, nigMoments, type NigParams } from './nig.js'

/** The families a fit can return; `constant` is a coordinate with std 0 (per-dimension moments). */
export type FittedFamily = 'normal' | 'beta' | 'nig' | 'constant'

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
/** Largest ρ² = (β/α)² of a fitted NIG (next to the inverse-Gaussian line κ = 3 + (5/3)γ²). */
const RHO2_MAX = 1 - 1e-4
/** Largest a + b of a fitted beta in the gap between the ranges (κ within (12 + 3γ²)/(2·R_GAP + 6) of the gamma line). */
const R_GAP = 1e4

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
  const igLine = 3 + (5 / 3) * g2
  const nigLine = 3 + (4 / 3) * g2 + g2 / (3 * RHO2_MAX) // the largest κ short of the IG line a fit takes
  if (kap < gammaLine) {
    const r = (6 * (kap - g2 - 1)) / (6 + 3 * g2 - 2 * kap)
    if (r >= R_MIN) return betaLaw(mean, std, gam, r)
    const fit = betaLaw(mean, std, gam, R_MIN)
    fit.note = `${where}: kurtosis ${g(kap)} is at the two-point bound 1 + skewness^2 = ${g(1 + g2)}, which no law with a density reaches; fitted a beta law with kurtosis ${g(fit.moments.kurtosis)} instead.`
    return fit
  }
  if (kap > nigLine) return nigLaw(mean, std, gam, kap)
  // Between the gamma line and the NIG range: the nearer of the two closest admissible laws.
  const betaKap = gammaLine - (12 + 3 * g2) / (2 * R_GAP + 6)
  const fit =
    Math.abs(kap - betaKap) <= Math.abs(nigLine - kap)
      ? betaLaw(mean, std, gam, R_GAP)
      : nigLaw(mean, std, gam, nigLine)
  fit.note = `${where}: kurtosis ${g(kap)} with skewness ${g(gam)} lies between the Pearson type I range (below ${g(gammaLine)}) and the NIG range (above ${g(igLine)}); fitted the nearest admissible law, ${fit.family} with kurtosis ${g(fit.moments.kurtosis)}.`
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

function nigLaw(mean: number, std: number, gam: number, kap: number): FittedLaw {
  const p = fitNig(gam, kap) as NigParams
  const unit = nigDraw(p)
  const [lo, hi] = nigDomain(p)
  // Reported on the coordinate's own scale: X = mean + std·Y scales α, β by 1/std and δ by std.
  const params = { alpha: p.alpha / std, beta: p.beta / std, delta: p.delta * std, mu: mean + std * p.mu }
  const fitted = nigMoments(p)
  return {
    family: 'nig',
    centre: mean,
    scale: std,
    cgf: nigCgf(p),
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
  const counts: Record<FittedFamily, number> = { normal: 0, beta: 0, nig: 0, constant: 0 }
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
