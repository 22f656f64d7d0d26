/**
 * Argument checks at the public boundary of the theory: sizes and moments.
 * Every failure is an InputError with one sentence naming the value.
 */
import { InputError } from '../errors.js'
import type { DimMoments, MomentSpec, Moments } from './types.js'

// Measured moments satisfy K >= 1 + g^2 exactly in exact arithmetic (they are the
// moments of the empirical law); allow float64 rounding (relative 1e-9) before
// calling a law impossible.
const BOUND_SLACK = 1e-9

/** Checks that `value` is a positive safe integer; `name` is how the message calls it. */
export function checkPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InputError(`theory: ${name} must be a positive integer, got ${value}.`)
  }
}

/** Checks N, d and every k (positive integers, k <= N). */
export function checkSizes(n: number, d: number, ks: readonly number[]): void {
  checkPositiveInteger(n, 'N')
  checkPositiveInteger(d, 'd')
  for (const k of ks) {
    checkPositiveInteger(k, 'k')
    if (k > n) throw new InputError(`theory: k = ${k} exceeds N = ${n}; a set cannot hold more items than there are.`)
  }
}

/**
 * Checks one coordinate law: finite moments, std > 0 (or >= 0 when `allowConstant`),
 * kurtosis >= 1 and Pearson's bound kurtosis >= 1 + skewness^2 (no law has less).
 * `where` is appended to messages (", dimension 3").
 */
export function checkMoments(m: Moments, where = '', allowConstant = false): void {
  const { mean, std, skewness, kurtosis } = m
  for (const [name, v] of [
    ['mean', mean],
    ['std', std],
    ['skewness', skewness],
    ['kurtosis', kurtosis],
  ] as const) {
    if (!Number.isFinite(v)) throw new InputError(`theory: ${name} must be a finite number, got ${v}${where}.`)
  }
  if (std < 0 || (std === 0 && !allowConstant)) {
    throw new InputError(`theory: std must be positive, got ${std}${where}.`)
  }
  if (std === 0) return // a constant coordinate: its shape moments are never used
  if (kurtosis < 1 - BOUND_SLACK) {
    throw new InputError(
      `theory: kurtosis ${kurtosis} is below 1${where}; no law has a (non-excess) kurtosis under 1, Rademacher's is exactly 1.`,
    )
  }
  const bound = 1 + skewness * skewness
  if (kurtosis < bound * (1 - BOUND_SLACK)) {
    throw new InputError(
      `theory: kurtosis ${kurtosis} is below 1 + skewness^2 = ${bound}${where}; no law has such moments (Pearson's inequality).`,
    )
  }
}

/** Checks per-dimension moments: equal lengths, each dimension valid, some variance somewhere. */
export function checkDimMoments(dm: DimMoments): void {
  const d = dm.mean.length
  if (d < 1) throw new InputError('theory: per-dimension moments are empty; give at least one dimension.')
  if (dm.std.length !== d || dm.skewness.length !== d || dm.kurtosis.length !== d) {
    throw new InputError(
      `theory: per-dimension moments have different lengths (mean ${d}, std ${dm.std.length}, skewness ${dm.skewness.length}, kurtosis ${dm.kurtosis.length}).`,
    )
  }
  let anyVariance = false
  for (let j = 0; j < d; j++) {
    const m = { mean: dm.mean[j]!, std: dm.std[j]!, skewness: dm.skewness[j]!, kurtosis: dm.kurtosis[j]! }
    checkMoments(m, `, dimension ${j + 1}`, true)
    if (m.std > 0) anyVariance = true
  }
  if (!anyVariance)
    throw new InputError('theory: every dimension has std 0; scores would not vary, so the theory is undefined.')
}

/** Checks a moment spec, and for per-dimension moments that their length is d. */
export function checkSpec(spec: MomentSpec, d: number): void {
  if (spec.moments && spec.dimMoments)
    throw new InputError('theory: give either pooled moments or per-dimension moments, not both.')
  if (spec.moments) return checkMoments(spec.moments)
  if (!spec.dimMoments) throw new InputError('theory: no moments given; pass pooled moments or per-dimension moments.')
  checkDimMoments(spec.dimMoments)
  if (spec.dimMoments.mean.length !== d) {
    throw new InputError(`theory: per-dimension moments have ${spec.dimMoments.mean.length} dimensions but d = ${d}.`)
  }
}
