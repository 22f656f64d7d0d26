/**
 * Named laws of one embedding coordinate with their exact moments, and a parser
 * for law specs such as "normal(0.5,1)", "uniform(-1,1)" or "student-t(10)".
 * The synthetic generators (src/synthetic) draw from the same `Law` values.
 */
import { InputError } from '../errors.js'

/**
 * Moments of the law of one embedding coordinate X_ij (theory.md §2).
 * `kurtosis` is non-excess: E[(x-m)^4] / s^4, so the normal law has 3,
 * Uniform(-1,1) 1.8 and Rademacher 1. `skewness` is E[(x-m)^3] / s^3.
 */
export interface Moments {
  mean: number
  std: number
  skewness: number
  kurtosis: number
}

/**
 * A named coordinate law.
 * - normal: N(mean, std^2).
 * - uniform: U(low, high).
 * - rademacher: -1 or +1 with probability 1/2 each.
 * - laplace: density exp(-|x - location| / scale) / (2 scale).
 * - student-t: standard Student t with `nu` degrees of freedom (location 0, scale 1).
 * - beta: low + (high - low) B with B ~ Beta(a, b) on [0, 1]. The shift is an affine
 *   map: "beta(2,2)" is the plain Beta on [0, 1] (the paper's Figure 1),
 *   "beta(2,2,-1,1)" the same shape stretched to [-1, 1] (centred when a = b).
 */
export type Law =
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'rademacher' }
  | { kind: 'laplace'; location: number; scale: number }
  | { kind: 'student-t'; nu: number }
  | { kind: 'beta'; a: number; b: number; low: number; high: number }

/** The law names {@link parseLaw} accepts, in the order messages list them. */
export const KNOWN_LAWS = ['normal', 'uniform', 'uniform01', 'rademacher', 'laplace', 'student-t', 'beta'] as const

/**
 * Exact moments of a law (non-excess kurtosis).
 * @throws InputError for parameters outside the law's domain, and for a
 *   Student t with nu <= 4, whose kurtosis is infinite.
 */
export function lawMoments(law: Law): Moments {
  checkLaw(law)
  switch (law.kind) {
    case 'normal':
      return { mean: law.mean, std: law.std, skewness: 0, kurtosis: 3 }
    case 'uniform':
      return { mean: (law.low + law.high) / 2, std: (law.high - law.low) / Math.sqrt(12), skewness: 0, kurtosis: 9 / 5 }
    case 'rademacher':
      return { mean: 0, std: 1, skewness: 0, kurtosis: 1 }
    case 'laplace':
      return { mean: law.location, std: law.scale * Math.SQRT2, skewness: 0, kurtosis: 6 }
    case 'student-t': {
      const nu = law.nu
      if (!(nu > 4))
        throw new InputError(`law ${formatLaw(law)}: infinite kurtosis for nu <= 4; the theory needs nu > 4.`)
      return { mean: 0, std: Math.sqrt(nu / (nu - 2)), skewness: 0, kurtosis: 3 + 6 / (nu - 4) }
    }
    case 'beta':
      return betaMoments(law)
  }
}

// Beta(a, b) moments (e.g. Johnson, Kotz & Balakrishnan, ch. 25); the affine map
// scales the std by (high - low) and leaves skewness and kurtosis unchanged.
function betaMoments(law: Extract<Law, { kind: 'beta' }>): Moments {
  const { a, b, low, high } = law
  const s = a + b
  const width = high - low
  return {
    mean: low + (width * a) / s,
    std: width * Math.sqrt((a * b) / (s * s * (s + 1))),
    skewness: (2 * (b - a) * Math.sqrt(s + 1)) / ((s + 2) * Math.sqrt(a * b)),
    kurtosis: 3 + (6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2))) / (a * b * (s + 2) * (s + 3)),
  }
}

/**
 * Checks a law's parameters (finite, std/scale/a/b > 0, low < high, nu > 0).
 * @throws InputError naming the law and the bad parameter.
 */
export function checkLaw(law: Law): void {
  const bad = (what: string): never => {
    throw new InputError(`law ${formatLaw(law)}: ${what}.`)
  }
  const finite = (...xs: number[]): boolean => xs.every(Number.isFinite)
  switch (law.kind) {
    case 'normal':
      if (!finite(law.mean, law.std) || !(law.std > 0)) bad('needs a finite mean and a positive finite std')
      return
    case 'uniform':
      if (!finite(law.low, law.high) || !(law.low < law.high)) bad('needs finite bounds with low < high')
      return
    case 'rademacher':
      return
    case 'laplace':
      if (!finite(law.location, law.scale) || !(law.scale > 0))
        bad('needs a finite location and a positive finite scale')
      return
    case 'student-t':
      if (!finite(law.nu) || !(law.nu > 0)) bad('needs positive finite degrees of freedom nu')
      return
    case 'beta':
      if (!finite(law.a, law.b) || !(law.a > 0 && law.b > 0)) bad('needs positive finite shapes a and b')
      if (!finite(law.low, law.high) || !(law.low < law.high)) bad('needs finite bounds with low < high')
      return
  }
}

/** The canonical spec of a law, e.g. "normal(0,1)"; parseLaw(formatLaw(l)) equals l. */
export function formatLaw(law: Law): string {
  switch (law.kind) {
    case 'normal':
      return `normal(${law.mean},${law.std})`
    case 'uniform':
      return `uniform(${law.low},${law.high})`
    case 'rademacher':
      return 'rademacher'
    case 'laplace':
      return `laplace(${law.location},${law.scale})`
    case 'student-t':
      return `student-t(${law.nu})`
    case 'beta':
      return law.low === 0 && law.high === 1
        ? `beta(${law.a},${law.b})`
        : `beta(${law.a},${law.b},${law.low},${law.high})`
  }
}
