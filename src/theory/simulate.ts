/**
 * Proposition 2 against simulation on i.i.d. data (the paper's Figure 2): the estimate
 * on generated embeddings beside the theory per (N, d, k), and a Bonferroni verdict.
 */
import { estimateConsistency } from '../estimate/consistency.js'
import { summarize, type Summary } from '../estimate/interval.js'
import { searchSpace } from '../estimate/metric.js'
import type { Engine } from '../search/index.js'
import { generate } from '../synthetic/generate.js'
import type { Law } from '../laws/laws.js'
import type { TheoryPoint } from './types.js'

/** Family-wise error rate of the agreement verdict: 5 % over all points together. */
export const FAMILY_ALPHA = 0.05

/** The agreement criterion, in words (table verdict, JSON, --help). */
export const CRITERION =
  "the computed value lies inside the simulated mean's (1 - 0.05/m) confidence interval, m the number of " +
  '(N, d, k) points (Bonferroni: a family-wise 5 % test of "theory = expected simulation"; same interval rule as estimate)'

/** One (N, d, k): the simulated estimate on generated embeddings beside Proposition 2. */
export interface SimulatePoint {
  /** Number of items N (`n` is kept for the number of sets, as in ConsistencyPoint). */
  items: number
  /** Dimension d. */
  dim: number
  k: number
  /** Monte-Carlo estimate of Consistency_k with its 95 % CI; `n` sets. */
  simulated: Summary
  /** Proposition 2: expected Consistency_k and the closed form P(in > out). */
  theory: { consistency: number; pInOut: number }
  /** computed - simulated. */
  gap: number
  /** The computed value lies inside the simulated mean's Bonferroni-level (1 - 0.05/m) interval. */
  within: boolean
}

/** The closing verdict: the largest gap, and which points fall outside the rule. */
export interface Agreement {
  /** The test applied to every point, in words. */
  criterion: string
  /** Confidence level of each point's interval: 1 - 0.05/m. */
  pointLevel: number
  maxGap: number
  at: { items: number; dim: number; k: number }
  allWithin: boolean
  /** Points that fail, with their Bonferroni-level interval. */
  outside: { items: number; dim: number; k: number; gap: number; ciLow: number; ciHigh: number }[]
}

/** What to simulate: checked settings and the theory curve of every (N, d). */
export interface SimulatePlan {
  law: Law
  /** Ascending N values. */
  items: number[]
  dims: number[]
  ks: number[]
  samples?: number
  ci?: number
  maxSamples?: number
  seed: number
  dataSeed: number
  threads?: number
  /** The theory curve at (N, d), over `ks`. */
  theory: (n: number, d: number) => TheoryPoint[]
}

/**
 * Per d, generates the largest N once: generate() extends a smaller matrix row by
 * row for the same seed, so the first N rows ARE the N-item matrix of that seed.
 * Every point's `within` is true until {@link agree} sets it.
 */
export async function simulate(
  plan: SimulatePlan,
  engine: Engine,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<SimulatePoint[]> {
  const out: SimulatePoint[] = []
  const perRun = (plan.samples ?? Math.min(200, plan.maxSamples ?? 200)) * plan.ks.length
  let left = plan.items.length * plan.dims.length
  let offset = 0
  for (const d of plan.dims) {
    const all = generate(plan.law, plan.items[plan.items.length - 1]!, d, plan.dataSeed)
    for (const n of plan.items) {
      left--
      const e = { n, d, data: all.data.subarray(0, n * d) }
      const points = await estimateConsistency(searchSpace(e, 'dot'), {
        ks: plan.ks,
        engine,
        samples: plan.samples,
        ci: plan.ci,
        maxSamples: plan.maxSamples,
        seed: plan.seed,
        threads: plan.threads,
        onProgress: (done, total) => onProgress(offset + done, offset + total + left * perRun),
      })
      offset += points.reduce((s, p) => s + p.n, 0)
      const theory = plan.theory(n, d)
      points.forEach((p, i) => {
        const t = theory[i]!
        out.push({
          items: n,
          dim: d,
          k: p.k,
          simulated: { mean: p.mean, std: p.std, n: p.n, ciLow: p.ciLow, ciHigh: p.ciHigh },
          theory: { consistency: t.consistency, pInOut: t.pInOut },
          gap: t.consistency - p.mean,
          within: true,
        })
      })
    }
  }
  return out
}

/** The simulated mean's interval at `level`, rebuilt from its mean, std and n. */
export function intervalAt(s: Summary, level: number): { ciLow: number; ciHigh: number } {
  const sum = s.mean * s.n
  const sumSq = s.std * s.std * (s.n - 1) + s.n * s.mean * s.mean
  const { ciLow, ciHigh } = summarize(sum, sumSq, s.n, level)
  return { ciLow, ciHigh }
}

/** Sets each point's `within` by the Bonferroni criterion; returns the largest |gap| and the points that fail. */
export function agree(points: SimulatePoint[]): Agreement {
  const pointLevel = 1 - FAMILY_ALPHA / points.length
  const bounds = points.map((p) => intervalAt(p.simulated, pointLevel))
  points.forEach((p, i) => {
    const t = p.theory.consistency
    p.within = bounds[i]!.ciLow <= t && t <= bounds[i]!.ciHigh
  })
  let worst = points[0]!
  for (const p of points) if (Math.abs(p.gap) > Math.abs(worst.gap)) worst = p
  const outside = points.flatMap((p, i) =>
    p.within ? [] : [{ items: p.items, dim: p.dim, k: p.k, gap: p.gap, ...bounds[i]! }],
  )
  return {
    criterion: CRITERION,
    pointLevel,
    maxGap: Math.abs(worst.gap),
    at: { items: worst.items, dim: worst.dim, k: worst.k },
    allWithin: outside.length === 0,
    outside,
  }
}
