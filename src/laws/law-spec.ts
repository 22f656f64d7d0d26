/**
 * Parses law specs: a name, optionally followed by numeric parameters in
 * parentheses ("normal", "normal(0.5,1)", "uniform(-1,1)", "uniform01",
 * "rademacher", "laplace(0,1)", "student-t(10)", "beta(2,2)", "beta(2,2,-1,1)").
 */
import { InputError } from '../errors.js'
import { checkLaw, KNOWN_LAWS, type Law } from './laws.js'

type Builder = (p: number[]) => Law

// Each name: the parameter counts it accepts, their names, and how to build it.
// Defaults: normal = N(0,1), uniform = U(-1,1) (the paper's Figure 2 law), laplace = (0,1).
const SPECS: Record<(typeof KNOWN_LAWS)[number], { counts: number[]; params: string; build: Builder }> = {
  normal: { counts: [0, 2], params: 'mean, std', build: ([m = 0, s = 1]) => ({ kind: 'normal', mean: m, std: s }) },
  uniform: {
    counts: [0, 2],
    params: 'low, high',
    build: ([lo = -1, hi = 1]) => ({ kind: 'uniform', low: lo, high: hi }),
  },
  uniform01: { counts: [0], params: '', build: () => ({ kind: 'uniform', low: 0, high: 1 }) },
  rademacher: { counts: [0], params: '', build: () => ({ kind: 'rademacher' }) },
  laplace: {
    counts: [0, 2],
    params: 'location, scale',
    build: ([m = 0, b = 1]) => ({ kind: 'laplace', location: m, scale: b }),
  },
  'student-t': { counts: [1], params: 'nu', build: ([nu]) => ({ kind: 'student-t', nu: nu! }) },
  beta: {
    counts: [2, 4],
    params: 'a, b[, low, high]',
    build: ([a, b, lo = 0, hi = 1]) => ({ kind: 'beta', a: a!, b: b!, low: lo, high: hi }),
  },
}

const SYNTAX = /^\s*([a-z][a-z0-9-]*)\s*(?:\(([^()]*)\))?\s*$/i

/**
 * Parses a law spec (names are case-insensitive; spaces are allowed). Parameters
 * may be left out where the law has defaults: "normal" = normal(0,1),
 * "uniform" = uniform(-1,1) (use "uniform01" for U(0,1)), "laplace" = laplace(0,1);
 * student-t needs nu, beta needs a and b (and optionally low, high: default 0, 1).
 * @throws InputError for a malformed spec, an unknown name (listing the known
 *   laws), a wrong number of parameters, a parameter that is not a number, or
 *   parameters outside the law's domain.
 */
export function parseLaw(spec: string): Law {
  const match = SYNTAX.exec(spec)
  if (!match) throw new InputError(`law "${spec}": expected a name or name(p1,p2,...), e.g. normal(0,1).`)
  const name = match[1]!.toLowerCase()
  const entry = (SPECS as Record<string, (typeof SPECS)[keyof typeof SPECS] | undefined>)[name]
  if (!entry) throw new InputError(`law: unknown law "${match[1]}"; known laws: ${KNOWN_LAWS.join(', ')}.`)
  const raw = match[2] === undefined || match[2].trim() === '' ? [] : match[2].split(',').map((t) => t.trim())
  if (!entry.counts.includes(raw.length)) {
    const takes = entry.counts.map(String).join(' or ')
    const names = entry.params ? ` (${entry.params})` : ''
    throw new InputError(`law "${spec}": ${name} takes ${takes} parameters${names}, got ${raw.length}.`)
  }
  const params = raw.map((t) => {
    const v = t === '' ? NaN : Number(t)
    if (!Number.isFinite(v)) throw new InputError(`law "${spec}": parameter "${t}" is not a finite number.`)
    return v
  })
  const law = entry.build(params)
  checkLaw(law)
  return law
}
